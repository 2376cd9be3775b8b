"""What the report engine may count in the contact log, and the 211 report built from it.

Plain tables go through the engine's own kinds; the 211 report's special tables (shares with
the published decimals, emergencies with and without transfer, unmet needs by reason, needs by
territory) are section kinds of this app, registered with `builder.register_kind`.
"""

from typing import Any

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as noop

from tissage.contacts.models import Contact, UnmetNeed
from tissage.lib.numbers import format_number, format_percent
from tissage.reports import builder
from tissage.reports.compute import compute
from tissage.reports.document import Block, Cell, Chart, Table
from tissage.reports.periods import Period
from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Source,
    indicator,
    register_indicator,
    register_source,
)
from tissage.reports.templates_default import register_template
from tissage.vocabularies.models import Term

TEMPLATE = "i_and_r"


def _term(
    code: str, label: Any, path: str | None = None, vocabulary: str | None = None
) -> Dimension:
    return Dimension(code, label, path or code, DimensionKind.TERM, vocabulary or code)


def register() -> None:
    register_source(
        Source(
            "contacts",
            gettext_lazy("Contacts"),
            model=Contact,
            date_path="date",
            person_path="person",
            sum_path="duration_minutes",
            definition=gettext_lazy("A contact is one call, chat, e-mail or visit answered."),
            dimensions={
                "gender": _term("gender", gettext_lazy("Gender")),
                "age_group": _term("age_group", gettext_lazy("Age group")),
                "caller_type": _term("caller_type", gettext_lazy("Caller type")),
                "language": _term("language", gettext_lazy("Language")),
                "channel": _term("channel", gettext_lazy("Channel"), vocabulary="contact_channel"),
                "municipality": _term("municipality", gettext_lazy("Municipality")),
                "heard_from": _term(
                    "heard_from", gettext_lazy("How they heard of us"), vocabulary="referral_source"
                ),
                "emergency_service": _term("emergency_service", gettext_lazy("Emergency service")),
                "program": _term(
                    "program", gettext_lazy("Specific request"), "programs", "special_program"
                ),
                "need": Dimension(
                    "need", gettext_lazy("Need"), "needs", DimensionKind.RELATED, label_path="name"
                ),
                "month": Dimension("month", gettext_lazy("Month"), "date", DimensionKind.MONTH),
            },
        )
    )
    register_source(
        Source(
            "unmet_needs",
            gettext_lazy("Unmet needs"),
            model=UnmetNeed,
            date_path="contact__date",
            person_path="contact__person",
            definition=gettext_lazy("A need no service could meet, with its reason."),
            dimensions={
                "need": Dimension(
                    "need", gettext_lazy("Need"), "need", DimensionKind.RELATED, label_path="name"
                ),
                "reason": _term("reason", gettext_lazy("Reason"), vocabulary="unmet_need_reason"),
                "municipality": _term(
                    "municipality", gettext_lazy("Municipality"), "contact__municipality"
                ),
            },
        )
    )
    share = {"share": True, "order": "vocabulary", "include_unknown": False}
    for code, label in [
        ("gender", gettext_lazy("Contacts by gender")),
        ("age_group", gettext_lazy("Contacts by age group")),
        ("caller_type", gettext_lazy("Who contacts us")),
        ("language", gettext_lazy("Contacts by language")),
    ]:
        register_indicator(
            Indicator(f"contacts.{code}_share", label, "contacts", dimension=code, **share)
        )
    emergency = (("emergency_service__isnull", False),)
    for ind in [
        Indicator("contacts.contacts", gettext_lazy("Contacts answered"), "contacts"),
        Indicator(
            "contacts.newcomers",
            gettext_lazy("Newcomers"),
            "contacts",
            filters=(("newcomer", True),),
            definition=gettext_lazy("Contacts from persons who recently arrived in Québec."),
        ),
        Indicator(
            "contacts.emergency_transferred",
            gettext_lazy("Emergency services (with transfer)"),
            "contacts",
            dimension="emergency_service",
            filters=(*emergency, ("transferred", True)),
            order="vocabulary",
            include_unknown=False,
        ),
        Indicator(
            "contacts.emergency_not_transferred",
            gettext_lazy("Emergency services (without transfer)"),
            "contacts",
            dimension="emergency_service",
            filters=(*emergency, ("transferred", False)),
            order="vocabulary",
            include_unknown=False,
        ),
        Indicator(
            "contacts.programs",
            gettext_lazy("Specific requests"),
            "contacts",
            dimension="program",
            order="vocabulary",
            include_unknown=False,
        ),
        Indicator(
            "contacts.heard_from",
            gettext_lazy("How callers heard of the service"),
            "contacts",
            dimension="heard_from",
            order="vocabulary",
            include_unknown=False,
        ),
        Indicator("contacts.needs", gettext_lazy("Needs"), "contacts", dimension="need"),
        Indicator(
            "contacts.by_municipality",
            gettext_lazy("Contacts by territory"),
            "contacts",
            dimension="municipality",
            order="vocabulary",
        ),
        Indicator(
            "contacts.unmet_needs",
            gettext_lazy("Unmet needs"),
            "unmet_needs",
            dimension="need",
            top=10,
            include_unknown=False,
            definition=gettext_lazy(
                "A need is unmet when no service can answer it: service unavailable on the "
                "territory, admission conditions not met, cost too high, schedule unsuited, "
                "waiting list full, language barrier, service not accessible to the person."
            ),
        ),
        Indicator(
            "contacts.unmet_by_municipality",
            gettext_lazy("Unmet needs by territory"),
            "unmet_needs",
            dimension="municipality",
        ),
    ]:
        register_indicator(ind)
    builder.register_kind("contacts_shares", shares_block)
    builder.register_kind("contacts_emergency", emergency_block)
    builder.register_kind("contacts_unmet", unmet_block)
    builder.register_kind("contacts_territory", territory_block)
    register_template(TEMPLATE, noop("Information and referral report (211)"), SECTIONS)


SECTIONS: list[dict[str, Any]] = [
    {
        "kind": "text",
        "key": "introduction",
        "title": noop("Introduction"),
        "text": noop("Describe here the service and the highlights of the year."),
    },
    {
        "kind": "figures",
        "key": "summary",
        "title": noop("Who contacts us"),
        "indicators": ["contacts.contacts", "contacts.newcomers"],
    },
    {"kind": "contacts_shares", "key": "gender", "indicator": "contacts.gender_share", "digits": 0},
    {
        "kind": "contacts_shares",
        "key": "age_group",
        "indicator": "contacts.age_group_share",
        "digits": 1,
    },
    {
        "kind": "contacts_shares",
        "key": "caller_type",
        "indicator": "contacts.caller_type_share",
        "digits": 1,
    },
    {
        "kind": "contacts_shares",
        "key": "language",
        "indicator": "contacts.language_share",
        "digits": 2,
    },
    {"kind": "table", "key": "needs", "indicator": "contacts.needs", "top": 15, "chart": "barh"},
    {"kind": "contacts_unmet", "key": "unmet_needs", "title": noop("Unmet needs: top 10")},
    {"kind": "table", "key": "programs", "indicator": "contacts.programs"},
    {"kind": "contacts_emergency", "key": "emergency", "title": noop("Emergency services")},
    {"kind": "table", "key": "heard_from", "indicator": "contacts.heard_from"},
    {"kind": "contacts_territory", "key": "territory", "title": noop("Needs by territory")},
]


def _title(section: dict[str, Any], default: str) -> str:
    title = section.get("title")
    if isinstance(title, dict):
        english = (translation.get_language() or "").startswith("en")
        return str(title.get("en" if english else "fr") or title.get("fr") or default)
    return _(title) if title else default


def _count(value: int, ind: Indicator, period: Period, code: str | None = None) -> Cell:
    return Cell(value, format_number(value), builder.drill_link(ind, period, code), "number")


def shares_block(section: dict[str, Any], period: Period) -> Block:
    """A breakdown in % with the decimals the published report uses (99,36 %)."""
    ind = indicator(section["indicator"])
    digits = int(section.get("digits", 1))
    figure = compute(ind, period)
    rows = []
    for row in figure.rows:
        share = round(row.share or 0.0, digits)
        rows.append(
            [
                Cell(row.label, row.label),
                _count(row.value, ind, period, row.code),
                Cell(share, format_percent(share, digits), kind="percent"),
            ]
        )
    title = _title(section, str(ind.label))
    chart = Chart(
        section["key"],
        title,
        "pie",
        [r[0].display for r in rows],
        [(title, [float(r[2].value) for r in rows])],
        "%",
    )
    columns = [str(ind.label), _("Contacts"), "%"]
    table = Table(
        section["key"], title, columns, rows, str(ind.definition), chart if rows else None
    )
    return Block(section["key"], "table", title, table=table)


def emergency_block(section: dict[str, Any], period: Period) -> Block:
    """Each emergency service, with and without warm transfer ("bascule"), and the totals."""
    with_ind = indicator("contacts.emergency_transferred")
    without_ind = indicator("contacts.emergency_not_transferred")
    with_rows = {row.code: row for row in compute(with_ind, period).rows}
    without_rows = {row.code: row for row in compute(without_ind, period).rows}
    rows = []
    totals = [0, 0]
    for term in Term.objects.of("emergency_service").order_by("order", "label_fr"):
        a = with_rows[term.code].value if term.code in with_rows else 0
        b = without_rows[term.code].value if term.code in without_rows else 0
        if not a and not b:
            continue
        totals[0] += a
        totals[1] += b
        rows.append(
            [
                Cell(term.label, term.label),
                _count(a, with_ind, period, term.code),
                _count(b, without_ind, period, term.code),
            ]
        )
    rows.append(
        [
            Cell(_("Total"), _("Total")),
            _count(totals[0], with_ind, period),
            _count(totals[1], without_ind, period),
        ]
    )
    title = _title(section, _("Emergency services"))
    columns = [_("Emergency service"), _("With transfer"), _("Without transfer")]
    definition = _(
        'A transfer ("bascule") is a call handed over live to the emergency service by '
        "the navigator."
    )
    return Block(
        section["key"],
        "table",
        title,
        table=Table(section["key"], title, columns, rows, definition),
    )


def unmet_block(section: dict[str, Any], period: Period) -> Block:
    """The ten needs most often unmet, each with its breakdown by reason."""
    ind = indicator("contacts.unmet_needs")
    figure = compute(ind, period)
    reasons = list(Term.objects.of("unmet_need_reason").order_by("order", "label_fr"))
    counts: dict[tuple[Any, Any], int] = {}
    pairs = (
        UnmetNeed.objects.filter(
            contact__date__gte=period.start,
            contact__date__lte=period.end,
            need_id__in=[row.key for row in figure.rows],
        )
        .values_list("need_id", "reason_id")
        .annotate(n=Count("pk"))
    )
    for need_id, reason_id, n in pairs:
        counts[(need_id, reason_id)] = n
    used = [r for r in reasons if any((row.key, r.pk) in counts for row in figure.rows)]
    rows = []
    for row in figure.rows:
        cells = [Cell(row.label, row.label), _count(row.value, ind, period, row.code)]
        for reason in used:
            value = counts.get((row.key, reason.pk), 0)
            cells.append(Cell(value, format_number(value), kind="number"))
        rows.append(cells)
    title = _title(section, str(ind.label))
    columns = [_("Need"), _("Unmet needs"), *[reason.label for reason in used]]
    chart = None
    if rows:
        chart = Chart(
            section["key"],
            title,
            "barh",
            [r[0].display for r in rows],
            [(title, [float(r[1].value) for r in rows])],
        )
    table = Table(section["key"], title, columns, rows, str(ind.definition), chart)
    return Block(section["key"], "table", title, table=table)


def territory_block(section: dict[str, Any], period: Period) -> Block:
    """Contacts, needs expressed and unmet needs per municipality: the social analysis."""
    contacts_ind = indicator("contacts.by_municipality")
    unmet_ind = indicator("contacts.unmet_by_municipality")
    contacts = compute(contacts_ind, period)
    unmet = {row.code: row.value for row in compute(unmet_ind, period).rows}
    needs = dict(
        Contact.objects.filter(date__gte=period.start, date__lte=period.end)
        .values_list("municipality_id")
        .annotate(n=Count("needs"))
        .values_list("municipality_id", "n")
    )
    rows = []
    for row in contacts.rows:
        expressed = needs.get(row.key, 0)
        missed = unmet.get(row.code, 0)
        rows.append(
            [
                Cell(row.label, row.label),
                _count(row.value, contacts_ind, period, row.code),
                Cell(expressed, format_number(expressed), kind="number"),
                Cell(missed, format_number(missed), kind="number"),
            ]
        )
    title = _title(section, _("Needs by territory"))
    columns = [_("Territory"), _("Contacts"), _("Needs"), _("Unmet needs")]
    chart = None
    if rows:
        labels = [r[0].display for r in rows]
        chart = Chart(
            section["key"],
            title,
            "grouped",
            labels,
            [
                (_("Needs"), [float(r[2].value) for r in rows]),
                (_("Unmet needs"), [float(r[3].value) for r in rows]),
            ],
        )
    table = Table(section["key"], title, columns, rows, "", chart)
    return Block(section["key"], "table", title, table=table)
