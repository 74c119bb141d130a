"""Use cases of the supervision bulletin: draft one per county and dekad from a frozen cut-off, refresh a
draft's figures, edit its text, issue it with the next document number. Each owns its transaction and writes
its audit event."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wumei.audit.services import record
from wumei.bulletins import conf, queries, rules, texts
from wumei.bulletins.models import Bulletin, BulletinCounter
from wumei.bulletins.permissions import is_hq_for
from wumei.calendar.rules import Dekad, dekad_of
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.org.models import Region

SECTIONS = texts.SECTIONS
MAX_TEXT = 20000


def reported_dekad(on: datetime.date) -> Dekad:
    """The dekad a bulletin drafted on `on` reports: the one before `on`'s dekad (drafted at each dekad start,
    when the last one has fully ended)."""
    return dekad_of(on).previous()


def issuer_of(county: Region) -> str:
    from wumei.dekad.queries import settings_for

    return settings_for(county).issuer_name


def prefix_of(county: Region) -> str:
    """The document-number prefix: WUMEI_BULLETIN_PREFIX, else the county's short name + 重项通."""
    from wumei.dekad.rules import county_short

    return conf.PREFIX or f"{county_short(county.name)}重项通"


def compute_snapshot(county: Region, dekad: Dekad) -> dict:
    """The bulletin's figures as of the dekad's last day, from the database (the rows) and bulletins.rules."""
    end = dekad.end
    snapshot = rules.compose(
        county=county.name, dekad_label=dekad.label, start=dekad.start, end=end,
        projects=queries.project_rows(county, end), on_time=queries.on_time_rates(county, dekad.start, end),
        letter_rows=queries.letter_rows(county, end), task_rows=queries.task_rows(county, end),
        problem_rows=queries.problem_rows(county, end), serious_percent=queries.serious_percent(county),
    )
    # What the document names is frozen with the figures.
    snapshot["issuer"] = issuer_of(county)
    snapshot["copy_to"] = conf.COPY_TO
    return snapshot


def _check_actor(actor, county: Region) -> None:
    if actor is not None and not is_hq_for(actor, county):
        raise PermissionDenied("只有指挥部办公室可以起草和印发督查通报")


def draft_bulletin(county: Region, on: datetime.date, *, actor=None) -> tuple[Bulletin, bool]:
    """The county's bulletin of the dekad before `on`'s, drafted with its figures frozen at that dekad's last day;
    the existing one if it was drafted already (one per county and dekad, however often or concurrently run).
    Returns (bulletin, created)."""
    _check_actor(actor, county)
    dekad = reported_dekad(on)
    existing = Bulletin.objects.filter(county=county, dekad_start=dekad.start).first()
    if existing is not None:
        return existing, False
    snapshot = compute_snapshot(county, dekad)
    try:
        with transaction.atomic():
            bulletin = Bulletin.objects.create(
                county=county, dekad_start=dekad.start, dekad_end=dekad.end, dekad_label=dekad.label,
                cutoff_on=dekad.end, drafted_on=on, snapshot=snapshot, title=texts.default_title(snapshot),
                recipients=conf.RECIPIENTS, intro=texts.default_intro(snapshot), comments={},
                requirements=texts.default_requirements(snapshot),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            record(actor, "bulletin.draft", bulletin,
                   after={"dekad": dekad.label, "cutoff_on": dekad.end, "drafted_on": on},
                   note=f"起草{dekad.label}督查通报，数据截至{rules.cn_date(dekad.end)}", region_code=county.code)
    except IntegrityError:
        # Someone drafted the same dekad at the same time: theirs stands.
        return Bulletin.objects.get(county=county, dekad_start=dekad.start), False
    return bulletin, True


def _locked(bulletin: Bulletin) -> Bulletin:
    return Bulletin.objects.select_for_update(of=("self",)).select_related("county").get(pk=bulletin.pk)


def _editable(actor, bulletin: Bulletin, version: int | None) -> Bulletin:
    locked = _locked(bulletin)
    _check_actor(actor, locked.county)
    if not locked.is_draft:
        raise ConflictError("通报已印发，不能再修改")
    if version is not None and locked.version != version:
        raise ConflictError()
    return locked


def _save(bulletin: Bulletin, fields: list[str]) -> None:
    bulletin.updated_at = timezone.now()
    Bulletin.objects.filter(pk=bulletin.pk).update(version=F("version") + 1, updated_at=bulletin.updated_at,
                                                   **{name: getattr(bulletin, name) for name in fields})
    bulletin.version += 1


def edit_bulletin(actor, bulletin: Bulletin, *, version: int, title: str, recipients: str = "", intro: str = "",
                  comments: dict[str, str] | None = None, requirements: str = "") -> Bulletin:
    """The HQ office's text of a draft: title, 主送, intro, a remark under each section, the requirements."""
    title = (title or "").strip()
    comments = {key: (value or "").strip() for key, value in (comments or {}).items() if key in SECTIONS}
    errors = {}
    if not title:
        errors["title"] = "请填写通报标题"
    elif len(title) > 200:
        errors["title"] = "标题不能超过200个字"
    if len(recipients or "") > 200:
        errors["recipients"] = "主送单位不能超过200个字"
    for name, value in (("intro", intro), ("requirements", requirements), *comments.items()):
        if len(value or "") > MAX_TEXT:
            errors[name] = f"内容不能超过{MAX_TEXT}个字"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _editable(actor, bulletin, version)
        fields = ["title", "recipients", "intro", "comments", "requirements"]
        before = {name: getattr(locked, name) for name in fields}
        locked.title, locked.recipients = title, (recipients or "").strip()
        locked.intro, locked.requirements = (intro or "").strip(), (requirements or "").strip()
        locked.comments = {key: value for key, value in comments.items() if value}
        after = {name: getattr(locked, name) for name in fields}
        changed = [name for name in fields if before[name] != after[name]]
        _save(locked, fields)
        record(actor, "bulletin.update", locked, before={k: before[k] for k in changed},
               after={k: after[k] for k in changed}, region_code=locked.county.code)
    return locked


def refresh_bulletin(actor, bulletin: Bulletin, *, version: int | None = None) -> Bulletin:
    """Recompute a draft's figures as of the same cut-off (data reported late for the dekad); the text stays."""
    with transaction.atomic():
        locked = _editable(actor, bulletin, version)
        locked.snapshot = compute_snapshot(locked.county, dekad_of(locked.dekad_start))
        _save(locked, ["snapshot"])
        record(actor, "bulletin.refresh", locked, note=f"按截至{rules.cn_date(locked.cutoff_on)}的数据重新计算",
               region_code=locked.county.code)
    return locked


def next_number(county: Region, year: int) -> int:
    """Advance and return the county's bulletin counter for `year`. Must run inside the issuing transaction:
    the counter row stays locked until it commits (or rolls back, giving the number back)."""
    # Create the year's row if missing without failing when another transaction does the same.
    BulletinCounter.objects.bulk_create([BulletinCounter(county=county, year=year)], ignore_conflicts=True)
    counter = BulletinCounter.objects.select_for_update().get(county=county, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def issue_bulletin(actor, bulletin: Bulletin, *, on: datetime.date | None = None,
                   version: int | None = None) -> Bulletin:
    """Issue a draft: the next number of the county's bulletins of the issuing year, 印发 on `on` (today).
    Read-only from then on."""
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked(bulletin)
        _check_actor(actor, locked.county)
        if not locked.is_draft:
            raise ConflictError(f"通报已于{locked.issued_on:%Y-%m-%d}印发（{locked.doc_number}）")
        if version is not None and locked.version != version:
            raise ConflictError()
        if not locked.title.strip():
            raise ValidationError({"title": "请填写通报标题"})
        if on < locked.cutoff_on:
            raise ValidationError({"issued_on": "印发日期不能早于数据截止日期"})
        number = next_number(locked.county, on.year)
        locked.status, locked.number_year, locked.number = Bulletin.Status.ISSUED, on.year, number
        locked.doc_number = texts.doc_number(prefix_of(locked.county), on.year, number)
        locked.issued_on = on
        locked.issued_by = actor if getattr(actor, "is_authenticated", False) else None
        _save(locked, ["status", "number_year", "number", "doc_number", "issued_on", "issued_by"])
        record(actor, "bulletin.issue", locked, before={"status": Bulletin.Status.DRAFT},
               after={"status": locked.status, "doc_number": locked.doc_number, "issued_on": on},
               note=f"印发{locked.doc_number}", region_code=locked.county.code)
    return locked
