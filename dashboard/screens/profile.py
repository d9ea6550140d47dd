"""The organisation's profile (the context questions) and, per standard, whether it applies
and why. Organisation administrators can change the profile."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from dashboard import session
from dashboard.ui import FieldMessages, attempt, show_error, tr
from engine.models.countries import COUNTRY_NAMES
from engine.models.profile import PROFILE_VOCABULARY, OrganisationProfile
from engine.service import organisations, views_workspace
from engine.service.organisations import Organisation

BOOLEAN_QUESTIONS: dict[str, str] = {
    "works_with_minors": "We work with minors",
    "employs_former_extremists": "We employ former extremists",
    "works_with_returnees": "We work with returnees",
    "mandatory_reporting_jurisdiction": "Mandatory reporting applies where we work",
}
CHOICE_QUESTIONS: dict[str, str] = {
    "region": "Region",
    "income_group": "Income group",
    "organisation_type": "Organisation type",
    "size": "Size (small < 10 staff, medium < 50, large 50+)",
}
LIST_QUESTIONS: dict[str, str] = {
    "settings": "Settings we work in",
    "ideologies": "Ideologies we work with",
}


def _word(value: object) -> str:
    return str(value).replace("_", " ")


def country_label(code: str) -> str:
    """A country as people read it, "Germany (DE)"; a code that is not known (stored before
    codes were checked, or withdrawn by ISO) says so."""
    name = COUNTRY_NAMES.get(code)
    return f"{name} ({code})" if name else f"{code} (not a known country code: choose one)"


def country_options(current: str) -> list[str]:
    """Every known code in order of the country's name; the current code first if unknown."""
    known = sorted(COUNTRY_NAMES, key=lambda code: COUNTRY_NAMES[code])
    return known if current in COUNTRY_NAMES else [current, *known]


def _facts_table(org: Organisation) -> pd.DataFrame:
    data = org.profile.model_dump()
    rows = [("Country", country_label(data["country"]))]
    rows += [(label, _word(data[key])) for key, label in CHOICE_QUESTIONS.items()]
    rows += [
        (label, ", ".join(map(_word, data[key])) or "–") for key, label in LIST_QUESTIONS.items()
    ]
    rows += [(label, "yes" if data[key] else "no") for key, label in BOOLEAN_QUESTIONS.items()]
    return pd.DataFrame(rows, columns=["Question", "Answer"])


def _edit_form(org: Organisation) -> None:
    data = org.profile.model_dump()
    slots = FieldMessages()
    prefix = f"profile:{org.id}"
    with st.form(f"{prefix}:form"):
        countries = country_options(data["country"])
        values: dict[str, Any] = {
            "country": st.selectbox(
                "Country",
                countries,
                countries.index(data["country"]),
                format_func=country_label,
                key=f"{prefix}:country",
            )
        }
        slots.slot("country")
        for key, label in CHOICE_QUESTIONS.items():
            options = list(PROFILE_VOCABULARY[key])
            values[key] = st.selectbox(
                label, options, options.index(data[key]), format_func=_word, key=f"{prefix}:{key}"
            )
            slots.slot(key)
        for key, label in LIST_QUESTIONS.items():
            values[key] = st.multiselect(
                label,
                list(PROFILE_VOCABULARY[key]),
                data[key],
                format_func=_word,
                key=f"{prefix}:{key}",
            )
            slots.slot(key)
        for key, label in BOOLEAN_QUESTIONS.items():
            values[key] = st.checkbox(label, data[key], key=f"{prefix}:{key}")
        submitted = st.form_submit_button("Save profile", type="primary")
    if submitted:
        _save(org, values, slots)


def _save(org: Organisation, values: dict[str, Any], slots: FieldMessages) -> None:
    try:
        profile = OrganisationProfile.model_validate(values)
    except ValidationError as error:
        slots.show({str(e["loc"][0]) if e["loc"] else "": _message(e) for e in error.errors()})
        return
    principal = session.require_principal()
    saved, problem = attempt(
        lambda: organisations.update_profile(
            principal, session.database(), org.id, profile, org.row_version
        )
    )
    if problem:
        show_error(problem)
    elif saved:
        st.success(f"Profile saved (version {saved.profile_version}).", icon=":material/check:")
        st.rerun()


def _message(error: Any) -> str:
    field = str(error["loc"][0]) if error["loc"] else ""
    if field == "country":
        return "Choose the country where the organisation works."
    if field in LIST_QUESTIONS:
        return "Choose at least one."
    return str(error["msg"])


def _applicability(org_id: str) -> None:
    principal = session.require_principal()
    found, problem = attempt(
        lambda: views_workspace.profile_applicability(principal, session.database(), org_id)
    )
    if problem:
        show_error(problem)
        return
    if found is None:
        st.info("No release of the standards is registered yet.")
        return
    bundle, applicability = found
    rows = []
    for standard in bundle.standards:
        item = applicability.standard(standard.id)
        applies = bool(item and item.applies)
        why = item.reason.to_text() if item else ""
        rows.append(
            (standard.code, tr(standard.title), "applies" if applies else "does not apply", why)
        )
    st.subheader(f"Which standards apply (release {bundle.version})")
    st.dataframe(
        pd.DataFrame(rows, columns=["Code", "Standard", "Applies", "Why"]),
        hide_index=True,
        width="stretch",
        height=_all_rows(len(rows)),
        column_config={
            "Code": st.column_config.TextColumn(width="small"),
            "Standard": st.column_config.TextColumn(width="medium"),
            "Applies": st.column_config.TextColumn(width="small"),
            "Why": st.column_config.TextColumn(width="large"),
        },
    )


def _all_rows(count: int) -> int:
    """A table height that shows every row without scrolling (Streamlit's row height)."""
    return (count + 1) * 35 + 3


def render() -> None:
    principal = session.require_principal()
    org_id = principal.org_id or ""
    org, problem = attempt(
        lambda: organisations.get_organisation(principal, session.database(), org_id)
    )
    if problem:
        show_error(problem)
    if org is None:
        return
    st.title(org.name)
    st.caption(f"Organisation {org.id} · profile version {org.profile_version}")
    st.subheader("Context")
    facts = _facts_table(org)
    st.dataframe(facts, hide_index=True, width="stretch", height=_all_rows(len(facts)))
    if principal.role == "org_admin":
        with st.expander("Change the profile", icon=":material/edit:"):
            _edit_form(org)
    _applicability(org.id)


render()
