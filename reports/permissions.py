"""Who may do what with reports."""

from portal.permissions import is_staff_member


def can_edit_monthly_report(user, report) -> bool:
    """The PPO's officer, while the report is a draft or returned (accepted ones are locked)."""
    from ppo.selectors import officer_organization

    organization = officer_organization(user)
    return (
        organization is not None
        and organization.pk == report.organization_id
        and not report.is_locked
    )


def can_send_cc_report(user) -> bool:
    return is_staff_member(user)


def can_manage_frozen_outputs(user) -> bool:
    """Recompile, correct, publish and re-accept the frozen outputs: staff."""
    return is_staff_member(user)
