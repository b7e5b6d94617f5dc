"""A realistic demo unit: members with Vietnamese names, groups, the executive committee and group
leads, a few transfers and leavers, workforce figures, and the activity data of the last two
years (trainings, study sessions, hardship support, the women's committee, activities), so that
every page and the dashboard have something true-looking to show.

Deterministic for a seed (and a given `today`). Everything is generated in memory first and
written with Core executemany in one transaction: 100,000 members take a few seconds.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from kh06_desktop.domain.enums import MemberStatus, Role, Sector, SupportKind
from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.vntext import fold, name_sort_key
from kh06_desktop.services.common import audit, bulk
from kh06_desktop.services.common.errors import Conflict, InvalidInput
from kh06_desktop.services.demo import demo_data as vocab
from kh06_desktop.services.demo import demo_write
from kh06_desktop.services.members.member_import import ProgressLike
from kh06_desktop.services.unit.units import UnitInfo, get_unit
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import (
    Activity,
    Base,
    HardshipCase,
    Member,
    Position,
    StudyAttendee,
    StudySession,
    SupportVisit,
    Training,
    TrainingAttendee,
    UnionGroup,
    Unit,
    WomenCommittee,
    WorkforceSnapshot,
)

MAX_MEMBERS = 500_000
# Member rows are generated as tuples in this column order (the fastest form to insert).
MEMBER_COLUMNS = ("id", "unit_id", "full_name", "given_name", "name_folded", "sort_key", "gender", "birth_date",
                  "citizen_id", "card_number", "group_id", "department", "join_date", "status", "status_date",
                  "phone", "created_at", "updated_at")


@dataclass
class _Tables:
    """Rows to insert, table by table, in an order that respects the foreign keys."""

    rows: dict[type[Base], list[dict[str, Any]]] = field(default_factory=dict)
    members: list[tuple[Any, ...]] = field(default_factory=list)  # tuples in MEMBER_COLUMNS order

    def add(self, table: type[Base], row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def count(self, table: type[Base]) -> int:
        return len(self.members) if table is Member else len(self.rows.get(table, []))


class _PerDay(dict[int, Any]):
    """ordinal → a value derived from that day, computed on first use (days repeat a lot)."""

    def __init__(self, derive: Callable[[dt.date], Any]) -> None:
        super().__init__()
        self.derive = derive

    def __missing__(self, ordinal: int) -> Any:
        value = self[ordinal] = self.derive(dt.date.fromordinal(ordinal))
        return value


def _identity(value: Any) -> Any:
    return value


class _DemoUnit:
    def __init__(self, n: int, seed: int, today: dt.date, ids: dict[str, int],
                 date_value: Callable[[dt.date], Any] = _identity,
                 datetime_value: Callable[[dt.datetime], Any] = _identity) -> None:
        """`date_value`/`datetime_value` turn the member table's dates into what the driver
        takes (ISO text on SQLite), once per distinct value."""
        self.rng = random.Random(seed)
        self.day = _PerDay(date_value)
        self.created = datetime_value(dt.datetime.combine(today, dt.time(8, 0)))
        self.n, self.seed, self.today, self.ids = n, seed, today, ids
        self.out = _Tables()
        self.state = self.rng.random() < 0.5
        self.t = today.toordinal()
        y = today.year
        self.periods = [p for p in (Period(y - 1, 1), Period(y - 1, 2), Period(y, 1), Period(y, 2))
                        if p.start_date() <= today]
        self.term_start = Period(y - 1, 1).start_date() - dt.timedelta(days=75)

    # --- unit, groups, members ------------------------------------------------------------
    def unit(self) -> dict[str, Any]:
        rng = self.rng
        employer, province = rng.choice(vocab.STATE_UNITS if self.state else vocab.NON_STATE_UNITS)
        upper = ("Công đoàn Công Thương Việt Nam" if self.state
                 else f"Công đoàn các Khu công nghiệp {province}")
        return {"id": self.ids["unit"], "code": f"DEMO-{self.seed}", "name": f"Công đoàn {employer}",
                "employer": employer, "upper_union": upper,
                "sector": (Sector.STATE_ENTERPRISE if self.state else Sector.NON_STATE).value,
                "address": province, "founding_date": dt.date(rng.randint(1976, 2012), rng.randint(1, 12), 1),
                "chair_name": None, "chair_title": "Chủ tịch", "is_local": True,
                "created_at": dt.datetime.combine(self.today, dt.time(8, 0))}

    def groups(self) -> None:
        base = vocab.STATE_GROUPS if self.state else vocab.NON_STATE_GROUPS
        count = max(3, min(80, int(math.sqrt(self.n) * 0.8)))
        extra = vocab.EXTRA_GROUP_STATE if self.state else vocab.EXTRA_GROUP_NON_STATE
        names = list(base[:count]) + [extra.format(n=i + 1) for i in range(max(0, count - len(base)))]
        self.group_ids = [self.ids["group"] + i for i in range(len(names))]
        self.group_names = names
        for gid, name in zip(self.group_ids, names, strict=True):
            self.out.add(UnionGroup, {"id": gid, "unit_id": self.ids["unit"], "name": name, "name_folded": fold(name)})

    def members(self) -> None:
        rng, n, t = self.rng, self.n, self.t
        rand = rng.random
        female = [rand() < (0.38 if self.state else 0.62) for _ in range(n)]
        names = vocab.NameMaker(rng).names(female)
        weights = [0.3 + rand() ** 2 * 3 for _ in self.group_ids]
        group_of = rng.choices(range(len(self.group_ids)), weights=weights, k=n)
        # Names repeat a lot (~22,000 distinct among 100,000): fold and sort key once per name.
        # (folded, sort key, a number per folded name) of each distinct (full name, given name).
        keys: dict[tuple[str, str], tuple[str, str, int]] = {}
        folded_numbers: dict[str, int] = {}
        used_ids: set[str] = set()
        born: set[int] = set()  # folded name number × 10⁶ + birth day: same name and birthday
        birth_of, join_of, status_of, left_of = [0] * n, [0] * n, ["active"] * n, [0] * n
        self.female, self.group_of, self.birth, self.join = female, group_of, birth_of, join_of
        self.status, self.left_on = status_of, left_of
        self.full_names = [full for full, _ in names]
        first_id, unit_id = self.ids["member"], self.ids["unit"]
        day, created = self.day, self.created
        # Citizen id digits 4–6 by birth day: century and sex code (men, women), then the year.
        heads = _PerDay(lambda d: tuple(f"{(0 if d.year < 2000 else 2) + woman}{d.year % 100:02d}" for woman in (0, 1)))
        provinces, n_provinces = vocab.PROVINCE_CODES, len(vocab.PROVINCE_CODES)
        prefixes = ("09", "03", "08", "07")
        card_prefix = f"{unit_id:02d}"
        group_ids, group_names = self.group_ids, self.group_names
        left, transferred = MemberStatus.LEFT.value, MemberStatus.TRANSFERRED.value
        sqrt = math.sqrt
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        for i, name, woman, g in zip(range(n), names, female, group_of, strict=True):
            key = keys.get(name)
            if key is None:
                full, given = name
                folded = fold(full)
                number = folded_numbers.setdefault(folded, len(folded_numbers)) * 1_000_000
                key = keys[name] = (folded, name_sort_key(full, given), number)
            folded, sort_key, number = key
            # Ages 19.5–59.5, most people in their thirties (a triangular draw with its mode at 33).
            u = rand()
            age = 19.5 + sqrt(u * 540.0) if u < 0.3375 else 59.5 - sqrt((1 - u) * 1060.0)
            birth = t - int(age * 365.25)
            while number + birth in born:  # same name and birthday would be reported as a duplicate
                birth -= 1
            born.add(number + birth)
            join = t - int(rand() ** 0.9 * min(t - birth - 6575, 9000))  # joined after 18
            birth_of[i] = birth
            join_of[i] = join
            status, status_day = "active", None
            roll = rand()
            if roll < 0.03 and i:  # the first member stays: even a tiny unit has its chair
                status = left if roll < 0.02 else transferred
                status_ord = min(t, max(join + 30, t - int(rand() * 700)))
                status_of[i], left_of[i], status_day = status, status_ord, day[status_ord]
            cid = None
            if rand() < 0.9:
                head = heads[birth][woman]
                cid = f"{provinces[int(rand() * n_provinces)]}{head}{int(rand() * 1e6):06d}"
                while cid in used_ids:
                    cid = f"{provinces[int(rand() * n_provinces)]}{head}{int(rand() * 1e6):06d}"
                used_ids.add(cid)
            append((
                first_id + i, unit_id, name[0], name[1], folded, sort_key, "F" if woman else "M", day[birth], cid,
                f"{card_prefix}{i + 1:07d}" if rand() < 0.75 else None, group_ids[g], group_names[g],
                day[join], status, status_day,
                f"{prefixes[int(rand() * 4)]}{int(rand() * 1e8):08d}" if rand() < 0.9 else None,
                created, created,
            ))
        self.out.members = rows

    def active_on(self, i: int, day: int) -> bool:
        """Member i was a member on that day (ordinal)."""
        return self.join[i] <= day and (self.status[i] == "active" or self.left_on[i] > day)

    # --- positions ---------------------------------------------------------------------------
    def _position(self, i: int, role: Role, start: dt.date, end: dt.date | None = None,
                  group: int | None = None) -> None:
        start = max(start, dt.date.fromordinal(self.join[i]))
        self.out.add(Position, {"member_id": self.ids["member"] + i, "role": role.value, "start_date": start,
                                "end_date": end, "group_id": group})

    def positions(self) -> None:
        rng, t, start = self.rng, self.t, self.term_start
        active = [i for i in range(self.n) if self.status[i] == "active"]
        senior = [i for i in active if t - self.birth[i] > 27 * 365 and self.join[i] < start.toordinal()]
        senior = senior or active
        size = 1 if self.n < 10 else max(3, min(15, 9 + self.n // 400, len(senior)))
        self.bch = rng.sample(senior, min(size, len(senior)))
        roles = [Role.CHAIR] + [Role.VICE_CHAIR] * (1 if size < 11 else 2)
        for k, i in enumerate(self.bch):
            self._position(i, roles[k] if k < len(roles) else Role.BCH_MEMBER, start)
        self.chair = self.bch[0]
        leavers = [i for i in range(self.n) if self.status[i] != "active" and self.left_on[i] > start.toordinal()
                   and self.join[i] < start.toordinal()]
        if leavers and size > 3:  # a committee member who left during the term
            i = rng.choice(leavers)
            self._position(i, Role.BCH_MEMBER, start, dt.date.fromordinal(self.left_on[i]))
        by_group: dict[int, list[int]] = {}
        for i in active:
            by_group.setdefault(self.group_of[i], []).append(i)
        self.leads: list[int] = []
        for g, people in sorted(by_group.items()):
            picks = rng.sample(people, 2 if len(people) >= 8 else 1)
            for role, i in zip((Role.GROUP_LEADER, Role.GROUP_DEPUTY), picks, strict=False):
                self._position(i, role, start, group=self.group_ids[g])
                self.leads.append(i)
        others = [i for i in senior if i not in set(self.bch)]
        for i in rng.sample(others, min(3, len(others))) if self.n >= 30 else []:
            self._position(i, Role.INSPECTION, start)

    def women_committee(self) -> None:
        rng = self.rng
        women = [i for i in range(self.n) if self.female[i] and self.status[i] == "active"]
        unit_id = self.ids["unit"]
        if len(women) < 10:
            self.out.add(WomenCommittee, {"unit_id": unit_id, "established": False})
            self.women: list[int] = []
            return
        decided = self.term_start + dt.timedelta(days=21)
        self.out.add(WomenCommittee, {"unit_id": unit_id, "established": True,
                                      "decision_number": f"{rng.randint(5, 40):02d}/QĐ-CĐCS",
                                      "decision_date": decided})
        size = max(3, min(7, 2 * len(self.bch) // 3))
        head_pool = [i for i in self.bch if self.female[i]] or women
        head = rng.choice(head_pool)
        rest = rng.sample([i for i in women if i != head], size - 1)
        self.women = [head, *rest]
        for k, i in enumerate(self.women):
            role = Role.WOMEN_HEAD if k == 0 else Role.WOMEN_DEPUTY if k == 1 else Role.WOMEN_MEMBER
            self._position(i, role, decided)

    # --- figures and activities ------------------------------------------------------------
    def _day_in(self, period: Period) -> dt.date:
        first, last = period.start_date().toordinal(), min(period.end_date().toordinal(), self.t)
        return dt.date.fromordinal(first + int(self.rng.random() * (last - first + 1)))

    def workforce(self) -> None:
        """HR figures per period: eligible workers a little above the members (target 1 nearly met,
        improving over time); the year shares the figures of its second half (same end date)."""
        rng = self.rng
        self.workers: dict[str, int] = {}
        ratio = rng.uniform(0.9, 0.95)
        for period in self.periods:
            end = period.end_date().toordinal()
            active = women = 0
            for joined, status, left_on, is_female in zip(self.join, self.status, self.left_on, self.female,
                                                          strict=True):
                if joined <= end and (status == "active" or left_on > end):
                    active += 1
                    women += is_female
            ratio = min(0.99, ratio + rng.uniform(0.005, 0.015))
            eligible = math.ceil(active / ratio)
            total = eligible + math.ceil(eligible * rng.uniform(0.03, 0.06))
            codes = [period.code] + ([Period(period.year).code] if period.half == 2 else [])
            for code in codes:
                self.workers[code] = total
                self.out.add(WorkforceSnapshot, {"unit_id": self.ids["unit"], "period": code,
                                                 "total_workers": total, "eligible_workers": eligible,
                                                 "female_workers": min(total, math.ceil(women / ratio))})

    def trainings(self) -> None:
        rng, next_id = self.rng, self.ids["training"]
        trained_bch = set(rng.sample(self.bch, round(len(self.bch) * 0.9)))
        trained_leads = set(rng.sample(self.leads, round(len(self.leads) * 0.8)))
        for period in self.periods:
            held = []
            for _ in range(rng.randint(1, 2)):
                title, level = rng.choice(vocab.TRAININGS)
                day = self._day_in(period)
                self.out.add(Training, {"id": next_id, "unit_id": self.ids["unit"], "title": f"{title} năm {day.year}",
                                        "level": level, "start_date": day, "end_date": day + dt.timedelta(days=1),
                                        "place": "Hội trường công ty" if level == "Công đoàn cơ sở" else None})
                held.append((next_id, day.toordinal()))
                next_id += 1
            attendees: set[tuple[int, int]] = set()
            for i in trained_bch | trained_leads:
                training, held_on = rng.choice(held)
                if self.active_on(i, held_on):
                    attendees.add((training, i))
            for training, i in sorted(attendees):
                self.out.add(TrainingAttendee, {"training_id": training, "member_id": self.ids["member"] + i})

    def studies(self) -> None:
        """Attendance per period: each member attends one of the period's sessions with a chance
        of 68–85 % (indicator 2's realistic range), when a member on that session's day."""
        rng, rand, next_id = self.rng, self.rng.random, self.ids["study"]
        self.attendance: list[tuple[int, list[int]]] = []  # (session id, its member ids ascending)
        first = self.ids["member"]
        for period in self.periods:
            sessions = []
            for topic in rng.sample(vocab.STUDY_TOPICS, rng.randint(2, 3)):
                sessions.append((next_id, self._day_in(period), topic))
                next_id += 1
            year = self.workers.get(Period(period.year).code) or self.workers.get(period.code) or self.n
            outsiders = max(0, year - self.n)
            share = rng.uniform(0.68, 0.85)
            for sid, day, topic in sessions:
                self.out.add(StudySession, {"id": sid, "unit_id": self.ids["unit"], "topic": topic, "date": day,
                                            "place": "Hội trường công ty",
                                            "non_member_count": round(outsiders * share / len(sessions))})
            count = len(sessions)
            days = [day.toordinal() for _, day, _ in sessions]
            attendees: list[list[int]] = [[] for _ in sessions]
            for i, joined, left_on in zip(range(first, first + self.n), self.join, self.left_on, strict=True):
                if rand() < share:
                    k = int(rand() * count)
                    d = days[k]
                    if joined <= d and (not left_on or left_on > d):
                        attendees[k].append(i)
            # Session ids grow and member ids grow within a session: rows come in primary-key
            # order, so the index grows at its end.
            self.attendance.extend((sid, members) for (sid, _, _), members in zip(sessions, attendees, strict=True))

    def hardship(self) -> None:
        rng, t = self.rng, self.t
        start = self.periods[0].start_date().toordinal()
        active = [i for i in range(self.n) if self.status[i] == "active"]
        count = min(len(active), max(1 if self.n >= 20 else 0, round(self.n * 0.02)))
        next_id = self.ids["case"]
        for i in rng.sample(active, count):
            opened = max(start, self.join[i]) + int(rng.random() * (t - max(start, self.join[i]) + 1))
            reason = rng.choice(vocab.HARDSHIP_REASONS)
            closed: dt.date | None = None
            visits: list[dict[str, Any]] = []
            if rng.random() < 0.88:
                for k in range(1 if rng.random() < 0.7 else 2):
                    day = min(t, opened + rng.randint(2, 25) + 45 * k)
                    kind = rng.choice(list(SupportKind))
                    value = {"visit": rng.randint(5, 10), "gift": rng.randint(5, 20),
                             "allowance": rng.randint(10, 50)}[kind.value] * 100_000
                    last_visit = dt.date.fromordinal(day)
                    visits.append({"case_id": next_id, "date": last_visit, "kind": kind.value,
                                   "value_vnd": value, "fund_source": rng.choice(vocab.FUND_SOURCES)})
                if rng.random() < 0.4 and last_visit.toordinal() + 30 <= t:
                    closed = last_visit + dt.timedelta(days=30)
            self.out.add(HardshipCase, {"id": next_id, "unit_id": self.ids["unit"],
                                        "member_id": self.ids["member"] + i, "reason": reason, "details": None,
                                        "opened_on": dt.date.fromordinal(opened), "closed_on": closed})
            for visit in visits:
                self.out.add(SupportVisit, visit)
            next_id += 1

    def activities(self) -> None:
        rng = self.rng
        for period in self.periods:
            for group, texts in vocab.ACTIVITIES.items():
                for text in rng.sample(texts, rng.randint(1, min(2, len(texts)))):
                    filled = text.format(n=round(self.n * rng.uniform(0.7, 0.9)), k=rng.randint(2, 12))
                    self.out.add(Activity, {"unit_id": self.ids["unit"], "date": self._day_in(period),
                                            "solution_group": group, "text": filled})

    def build_rest(self) -> _Tables:
        """Everything after the groups and members (which `groups()`, `members()` make)."""
        self.positions()
        self.women_committee()
        self.workforce()
        self.trainings()
        self.studies()
        self.hardship()
        self.activities()
        return self.out


_ORDER = (UnionGroup, Member, Position, WomenCommittee, WorkforceSnapshot, Training, TrainingAttendee,
          StudySession, StudyAttendee, HardshipCase, SupportVisit, Activity)
_WITH_IDS = {"unit": Unit, "group": UnionGroup, "member": Member, "training": Training, "study": StudySession,
             "case": HardshipCase}


def create_demo(db: Database, members: int = 300, seed: int = 1, today: dt.date | None = None,
                progress: ProgressLike | None = None) -> UnitInfo:
    """Create the demo unit in an empty database (refused when a local unit exists)."""
    if not 1 <= members <= MAX_MEMBERS:
        raise InvalidInput(f"Số đoàn viên mẫu phải từ 1 đến {MAX_MEMBERS:,}".replace(",", "."),
                           [("members", "Số đoàn viên không hợp lệ")])
    today = today or dt.date.today()
    with db.transaction() as session:
        if session.scalars(select(Unit.id).where(Unit.is_local.is_(True))).first() is not None:
            raise Conflict("Cơ sở dữ liệu đã có đơn vị; dữ liệu mẫu chỉ tạo được trong một tệp dữ liệu mới")
        if progress is not None:
            progress.report(0, members, "Đang tạo dữ liệu mẫu…")
        ids = {key: bulk.first_free_id(session, bulk.table_of(model)) for key, model in _WITH_IDS.items()}
        members_table = bulk.table_of(Member)
        demo = _DemoUnit(members, seed, today, ids, demo_write.value_converter(session, members_table, "birth_date"),
                         demo_write.value_converter(session, members_table, "created_at"))
        unit = demo.unit()
        demo.groups()
        demo.members()
        session.connection().execute(bulk.table_of(Unit).insert(), [unit])  # the chair is named below

        def step(done: int) -> None:
            if progress is not None:
                progress.check()
                progress.report(min(done, members), members, "Đang ghi dữ liệu mẫu…")

        with demo_write.sqlite_bulk_load(session, [members_table, bulk.table_of(StudyAttendee)]) as load:
            bulk.insert_rows(session, bulk.table_of(UnionGroup), demo.out.rows[UnionGroup])
            demo_write.insert_tuples(session, members_table, MEMBER_COLUMNS, demo.out.members, step)
            load.rebuild_in_background(members_table)
            tables = demo.build_rest()  # meanwhile: pure Python, no database
            load.wait()
            for table in _ORDER:
                rows = tables.rows.get(table, [])
                if table is StudyAttendee:
                    demo_write.insert_lists(session, bulk.table_of(table), ("session_id", "member_id"),
                                            demo.attendance)
                elif table not in (UnionGroup, Member):
                    bulk.insert_rows(session, bulk.table_of(table), rows)
                if table in _WITH_IDS.values():
                    bulk.sync_id_sequence(session, bulk.table_of(table))
        unit["chair_name"] = demo.full_names[demo.chair]
        session.execute(update(Unit).where(Unit.id == unit["id"]).values(chair_name=unit["chair_name"]))
        bulk.sync_id_sequence(session, bulk.table_of(Unit))
        counts = {table.__tablename__: tables.count(table) for table in _ORDER}
        counts["study_attendee"] = sum(len(members) for _, members in demo.attendance)
        audit.record(session, "demo", "unit", unit["id"], unit_id=unit["id"],
                     summary=f"Tạo dữ liệu mẫu: {members} đoàn viên, {counts['union_group']} tổ công đoàn, "
                             f"{counts['training']} lớp tập huấn, {counts['study_session']} buổi học tập",
                     new={"seed": seed, "today": today, **counts})
        if progress is not None:
            progress.check()
    return get_unit(db, unit["id"])
