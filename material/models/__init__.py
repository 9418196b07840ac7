from .budgets import BUDGET_CATEGORIES, Budget
from .equipment import ActNumberSequence, Equipment, EquipmentIssue, TransferAct

__all__ = [
    "ActNumberSequence",
    "BUDGET_CATEGORIES",
    "Budget",
    "Equipment",
    "EquipmentIssue",
    "TransferAct",
]
