"""The index of likely duplicates finds what comparing a name with every PPO's finds."""

import difflib
import random

from ppo.resources import LIKELY_DUPLICATE_RATIO, SimilarNames, normalise_name

RKB = (
    "Первичная профсоюзная организация БУ «Республиканская клиническая больница» Минздрава Чувашии"
)
KINDS = ["больница", "поликлиника", "стоматологическая поликлиника", "центр крови", "санаторий"]
PLACES = ["Чебоксарская", "Алатырская", "Канашская", "Шумерлинская", "Цивильская", "Ядринская"]


def compared_with_every_name(name, candidates):
    """The plain rule: each PPO in turn, the last of the most similar wins."""
    key = normalise_name(name)
    best, best_ratio = None, LIKELY_DUPLICATE_RATIO
    for other_key, organization in candidates.items():
        ratio = difflib.SequenceMatcher(None, key, other_key).ratio()
        if ratio >= best_ratio:
            best, best_ratio = organization, ratio
    return best


def names(*full_names):
    return {normalise_name(name): name for name in full_names}


def test_a_near_twin_is_found_and_an_unrelated_name_is_not():
    index = SimilarNames(names(RKB, "ППО БУ «Городская больница № 1»"))
    assert index.likely_duplicate(RKB.replace("Чувашии", "Чувашской Республики")) == RKB
    assert index.likely_duplicate("ООО «Клиника Здоровье»") is None


def test_of_equally_similar_names_the_last_is_the_twin():
    first, second = "ППО больницы № 11 города", "ППО больницы № 13 города"
    assert SimilarNames(names(first, second)).likely_duplicate("ППО больницы № 12 города") == second
    assert SimilarNames(names(second, first)).likely_duplicate("ППО больницы № 12 города") == first


def test_the_index_agrees_with_comparing_every_name():
    rng = random.Random(19)

    def name(number):
        tail = " имени Н. А. Семашко" if rng.random() < 0.3 else ""
        # Past 200 characters difflib treats frequent letters as junk: that must not change.
        long = " подведомственная Министерству здравоохранения Чувашской Республики" * 2
        return (
            f"Первичная профсоюзная организация БУ «{rng.choice(PLACES)} {rng.choice(KINDS)} "
            f"№ {number}{tail}»{long if rng.random() < 0.15 else ''} Минздрава Чувашии"
        )

    def misspelt(text):
        letters = list(text)
        for _ in range(rng.randint(0, 8)):
            at = rng.randrange(len(letters))
            edit = rng.choice(["replace", "delete", "insert"])
            if edit == "delete":
                del letters[at]
            else:
                letters[at : at + (edit == "replace")] = rng.choice("абвгдежзиклмнопрстя 0123")
        return "".join(letters)

    candidates = names(*(name(rng.randint(1, 400)) for _ in range(100)))
    queries = [misspelt(rng.choice(list(candidates))) for _ in range(50)]
    queries += [name(rng.randint(1, 2000)) for _ in range(20)] + ["", "а", "«»", "ППО"]
    index = SimilarNames(candidates)
    found = [index.likely_duplicate(query) for query in queries]
    assert found == [compared_with_every_name(query, candidates) for query in queries]
    assert sum(twin is not None for twin in found) > 40  # the test compares real matches
