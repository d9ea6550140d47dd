"""The organisation's pages: profile with applicability, the workspace, results."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.navigation import PROFILE, RESULTS, WORKSPACE
from engine.service import assessments, releases
from engine.storage import Database
from tests.dashboard.conftest import SignIn, button, principal_of, texts
from tests.dashboard.record import FRESH_NAME, FRESH_ORG, ORG_PASSWORD, PASSWORD

FRESH_ADMIN = f"{FRESH_ORG}-admin"


def _org_names(db: Database) -> dict[str, str]:
    with db.read() as cursor:
        return dict(cursor.execute("SELECT id, name FROM organisations").fetchall())


def test_profile_shows_why_each_standard_applies(sign_in: SignIn, record: Database) -> None:
    at = sign_in("org-0001-member", ORG_PASSWORD, str(PROFILE.path))
    assert at.title[0].value == _org_names(record)["org-0001"]
    table = at.dataframe[1].value
    assert set(table["Applies"]) <= {"applies", "does not apply"}
    assert len(table) == 12
    assert table["Why"].str.contains("universal|context-specific").all()
    assert not [e for e in at.expander if "Change the profile" in e.label]


def test_the_country_is_chosen_by_name_and_saved(sign_in: SignIn, record: Database) -> None:
    at = sign_in(FRESH_ADMIN, PASSWORD, str(PROFILE.path))
    country = at.selectbox(key=f"profile:{FRESH_ORG}:country")
    assert len(country.options) == 250
    assert "Kosovo (XK)" in country.options and "Sweden (SE)" in country.options
    country.select("SE")
    button(at, "Save profile").click().run()
    assert "profile version 2" in texts(at)
    assert "Sweden (SE)" in set(at.dataframe[0].value["Answer"])


def test_a_stored_unknown_country_is_shown_and_must_be_replaced(
    sign_in: SignIn, record: Database
) -> None:
    """A profile stored before codes were checked (here "ZZ") still opens; saving it again
    asks for a real country beside the field, and nothing else in the form is lost."""
    with record.transaction() as cursor:
        cursor.execute(
            "UPDATE organisation_profiles SET country = 'ZZ', profile_json = "
            'json_merge_patch(profile_json, \'{"country": "ZZ"}\') WHERE org_id = ?',
            [FRESH_ORG],
        )
    at = sign_in(FRESH_ADMIN, PASSWORD, str(PROFILE.path))
    assert "ZZ (not a known country code: choose one)" in set(at.dataframe[0].value["Answer"])
    at.selectbox(key=f"profile:{FRESH_ORG}:size").select("large")
    button(at, "Save profile").click().run()
    assert "Choose the country where the organisation works." in texts(at)
    assert at.selectbox(key=f"profile:{FRESH_ORG}:size").value == "large"
    at.selectbox(key=f"profile:{FRESH_ORG}:country").select("XK")
    button(at, "Save profile").click().run()
    assert "profile version 2" in texts(at)
    assert "Kosovo (XK)" in set(at.dataframe[0].value["Answer"])


def test_standards_text_follows_the_chosen_language(sign_in: SignIn) -> None:
    at = sign_in(FRESH_ADMIN, PASSWORD, str(PROFILE.path))
    at.selectbox(key="language").select("de").run()
    standards = " ".join(at.dataframe[1].value["Standard"])
    assert "Auftrag, Freiwilligkeit" in standards
    at.selectbox(key="language").select("fr").run()
    assert "Mandat, libre adhésion" in " ".join(at.dataframe[1].value["Standard"])


def save_of(at: AppTest, db: Database, requirement_id: str):  # type: ignore[no-untyped-def]
    """The "Save answers" button of the form holding the requirement."""
    found = releases.release_bundle(db, "2026.1").requirement(requirement_id)
    assert found is not None
    form_id = f"answers:{FRESH_ORG}-001:{found[0].id}"
    return next(b for b in at.button if b.label == "Save answers" and b.proto.form_id == form_id)


def _start(sign_in: SignIn) -> AppTest:
    at = sign_in(FRESH_ADMIN, PASSWORD, str(WORKSPACE.path))
    button(at, "Start a self-assessment").click().run()
    assert f"Self-assessment {FRESH_ORG}-001 started." in texts(at)
    return at


def _rating_key(requirement: str, part: str = "rating") -> str:
    return f"answer:{FRESH_ORG}-001:{requirement}:{part}"


def test_na_without_reason_is_refused_beside_the_field_and_nothing_is_lost(
    sign_in: SignIn, record: Database
) -> None:
    at = _start(sign_in)
    na_requirements = [c.key.split(":")[2] for c in at.checkbox if c.key and c.key.endswith(":na")]
    assert na_requirements, "the release has requirements that allow N/A"
    target = na_requirements[0]
    at.checkbox(key=_rating_key(target, "na")).check()
    at.text_input(key=_rating_key(target, "na_reason")).input("too short")
    at.text_area(key=_rating_key(target, "comment")).input("We typed this carefully.")
    save_of(at, record, target).click().run()
    assert "at least 20 characters" in texts(at)
    assert "Nothing was saved" in texts(at)
    assert at.text_area(key=_rating_key(target, "comment")).value == "We typed this carefully."
    assert at.text_input(key=_rating_key(target, "na_reason")).value == "too short"
    saved = assessments.get_assessment(principal_of(at), record, f"{FRESH_ORG}-001")
    assert target not in saved.responses


def test_saving_a_standard_is_one_save_and_the_preview_and_blockers_follow(
    sign_in: SignIn, record: Database
) -> None:
    at = _start(sign_in)
    radios = [r for r in at.radio if r.key and r.key.startswith(f"answer:{FRESH_ORG}-001:")]
    first_standard = radios[0].key.split(":")[2].split("-")[0]
    mine = [r for r in radios if r.key.split(":")[2].startswith(f"{first_standard}-")]
    for radio in mine:
        radio.set_value(2)
    save_of(at, record, mine[0].key.split(":")[2]).click().run()
    assert f"Answers to {first_standard} saved." in texts(at)
    saved = assessments.get_assessment(principal_of(at), record, f"{FRESH_ORG}-001")
    assert set(saved.responses) == {r.key.split(":")[2] for r in mine}
    assert all(r.rating == 2 for r in saved.responses.values())
    assert "to settle before you can submit" in texts(at)
    assert "not answered yet" in texts(at)
    assert not [b for b in at.button if b.label == "Submit for review"]


def test_results_show_the_decision_and_certificates(sign_in: SignIn) -> None:
    at = sign_in("org-0001-admin", ORG_PASSWORD, str(RESULTS.path))
    shown = texts(at)
    assert "Outcome" in shown
    assert "Scores per standard" in shown
    assert "Certificates" in shown


def test_query_parameters_never_open_another_organisation(
    sign_in: SignIn, record: Database
) -> None:
    names = _org_names(record)
    at = sign_in("org-0001-admin", ORG_PASSWORD)
    for page in (PROFILE, RESULTS, WORKSPACE):
        at.query_params["org"] = "org-0002"
        at.query_params["org_id"] = "org-0002"
        at.query_params["assessment"] = "org-0002-001"
        at.switch_page(str(page.path)).run()
        shown = texts(at)
        assert names["org-0002"] not in shown
        assert "org-0002" not in shown
    assert FRESH_NAME not in texts(at)


def test_a_bad_evidence_link_is_answered_beside_the_field_and_kept(
    sign_in: SignIn, record: Database
) -> None:
    at = _start(sign_in)
    form = next(t.key for t in at.text_input if t.key and t.key.endswith(":url"))
    prefix = form.removesuffix(":url")
    at.text_input(key=f"{prefix}:title").input("Our procedure")
    at.text_input(key=f"{prefix}:url").input("ftp://intranet/procedure.pdf")
    adds = [
        b for b in at.button if b.label == "Add evidence" and b.proto.form_id == f"{prefix}:form"
    ]
    adds[0].click().run()
    assert not at.exception
    shown = texts(at)
    assert "a link starts with http:// or https://" in shown
    assert "Evidence 'Our procedure' added" not in shown
    assert at.text_input(key=f"{prefix}:url").value == "ftp://intranet/procedure.pdf"
    assert at.text_input(key=f"{prefix}:title").value == "Our procedure"
    saved = assessments.get_assessment(principal_of(at), record, f"{FRESH_ORG}-001")
    assert not any(r.evidence for r in saved.responses.values())


def test_a_decided_organisation_is_offered_a_renewal_that_carries_its_answers(
    sign_in: SignIn, record: Database
) -> None:
    at = sign_in("org-0001-admin", ORG_PASSWORD, str(WORKSPACE.path))
    assert "Your self-assessment org-0001-002 (2026.1) has been decided." in texts(at)
    assert not [b for b in at.button if b.label == "Start a self-assessment"]
    button(at, "Start the renewal").click().run()
    assert "Self-assessment org-0001-003 started." in texts(at)
    previous = assessments.get_assessment(principal_of(at), record, "org-0001-002")
    renewal = assessments.get_assessment(principal_of(at), record, "org-0001-003")
    assert renewal.previous_assessment_id == "org-0001-002"
    assert set(renewal.responses) == set(previous.responses)
    assert renewal.needs_reconfirmation == sorted(previous.responses)
