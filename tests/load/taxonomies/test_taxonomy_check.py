"""A harm_category value is checked against every taxonomy, with "did you mean" hints."""

from __future__ import annotations

from compliance.load.taxonomies import TaxonomySet


def test_a_misspelt_category_gets_a_did_you_mean(taxonomies: TaxonomySet) -> None:
    ok, suggestions = taxonomies.check("cyber-ofence")
    assert not ok
    assert suggestions == ["did you mean 'cyber-offence'?"]


def test_a_known_category_checks_clean(taxonomies: TaxonomySet) -> None:
    assert taxonomies.check("cyber-offence") == (True, [])
    assert taxonomies.check("hate") == (True, [])


def test_a_category_may_be_qualified_by_its_taxonomy(taxonomies: TaxonomySet) -> None:
    assert taxonomies.check("gpai-cop-systemic-risks:cbrn") == (True, [])
    assert not taxonomies.check("gpai-cop-systemic-risks:hate")[0]


def test_a_qualified_misspelling_is_suggested_in_the_same_taxonomy(
    taxonomies: TaxonomySet,
) -> None:
    ok, suggestions = taxonomies.check("mlcommons-ailuminate-1.0:defamaton")
    assert not ok
    assert suggestions == ["did you mean 'mlcommons-ailuminate-1.0:defamation'?"]


def test_an_unknown_taxonomy_is_named_with_the_known_ones(taxonomies: TaxonomySet) -> None:
    ok, suggestions = taxonomies.check("platform-trust-safty:spam")
    assert not ok
    assert suggestions[0] == "did you mean 'platform-trust-safety'?"
    assert "known taxonomies:" in suggestions[-1]


def test_case_and_underscores_are_forgiven_only_as_a_hint(taxonomies: TaxonomySet) -> None:
    assert taxonomies.check("Harmful_Manipulation") == (
        False,
        ["did you mean 'harmful-manipulation'?"],
    )


def test_a_word_far_from_every_category_gets_no_suggestion(taxonomies: TaxonomySet) -> None:
    assert taxonomies.check("zzzzzzzz") == (False, [])


def test_a_shared_slug_resolves_in_every_taxonomy_that_has_it(taxonomies: TaxonomySet) -> None:
    found = {lt.taxonomy.id for lt, _ in taxonomies.resolve("sexual-content")}
    assert found == {"mlcommons-ailuminate-1.0", "platform-trust-safety"}
