"""Generate a realistic, deterministic archive for the benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_perf_bench \
        .venv/bin/python bench/generate_archive.py --articles 100000 --reset

60 agencies, 200 officials with their appointments, 40 programmes and N published articles of
3–8 KB of Vietnamese text (plus 1 % drafts and 0.1 % scheduled ones that the public must not see),
a third with a cover picture and two fifths with pictures in the body. The same seed gives the same
archive. Rows go in with `bulk_create` in batches, bypassing `Article.save()`; what `save()` derives before
writing (sanitised text, search columns) comes from the model's own `prepare_to_save()` (`DerivedColumns`).
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import itertools
import os
import random
import sys
import time
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
ARCHIVE_START = datetime.datetime(2015, 1, 1, tzinfo=HANOI)
ARCHIVE_END = datetime.datetime(2025, 12, 31, 18, 0, tzinfo=HANOI)
PICTURE_DIR = "bench"
SOURCES = ["", "Cổng Giao tiếp điện tử Hà Nội", "Báo Hànộimới", "Báo Kinh tế & Đô thị"]
PICTURE_SIZES = [(1200, 800), (1600, 900), (1024, 683), (800, 600), (1280, 853), (960, 640)]


@dataclass(frozen=True)
class Picture:
    name: str  # relative to MEDIA_ROOT
    width: int
    height: int


@dataclass
class ArchiveSummary:
    published: int = 0
    drafts: int = 0
    scheduled: int = 0
    agencies: int = 0
    officials: int = 0
    appointments: int = 0
    programmes: int = 0
    with_cover: int = 0
    with_body_pictures: int = 0
    derived: list[str] = field(default_factory=list)
    seconds: float = 0.0


def write_pictures(media_root: Path) -> list[Picture]:
    """A handful of real JPEG files (a few tens of KB each) that every article reuses."""
    from PIL import Image, ImageDraw

    folder = media_root / PICTURE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    pictures = []
    for number, (width, height) in enumerate(PICTURE_SIZES, start=1):
        name = f"{PICTURE_DIR}/anh-{number}.jpg"
        path = media_root / name
        if not path.exists():
            rng = random.Random(number)
            image = Image.new("RGB", (width, height), (30 + 20 * number, 90, 140))
            draw = ImageDraw.Draw(image)
            for _ in range(40):
                x, y = rng.randrange(width), rng.randrange(height)
                w, h = rng.randrange(40, width // 3), rng.randrange(30, height // 3)
                colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                draw.rectangle((x, y, x + w, y + h), fill=colour)
            image.save(path, "JPEG", quality=70, optimize=True)
        pictures.append(Picture(name, width, height))
    return pictures


class Writer:
    """Press-release prose from the vocabulary, cheap enough for 100 000 articles.

    Sentences are made once, a few dozen about each topic (an entry of OBJECTS); an article has one
    topic, and about three quarters of its sentences are about it, the rest about anything.
    """

    TOPIC_SHARE = 0.75

    def __init__(self, rng: random.Random, per_topic: int = 40) -> None:
        from bench import vocabulary as v

        self.rng = rng
        self.v = v
        self.by_topic = {topic: [self._sentence(topic) for _ in range(per_topic)] for topic in v.OBJECTS}
        self.everything = [sentence for sentences in self.by_topic.values() for sentence in sentences]
        self.topic = v.OBJECTS[0]

    def _sentence(self, topic: str) -> str:
        r, v = self.rng, self.v
        shape = r.randrange(6)
        if shape == 0:
            text = f"{r.choice(v.CONNECTORS)} {r.choice(v.SUBJECTS)} {r.choice(v.VERBS)} {topic}"
            text += f" {r.choice(v.PLACES)} {r.choice(v.TIMES)}, {r.choice(v.EXTRAS)}."
        elif shape == 1:
            text = f"{r.choice(v.SUBJECTS)} đã {r.choice(v.VERBS)} {r.randrange(2, 900)} {r.choice(v.FIGURES)}"
            text += f" thuộc lĩnh vực {topic}, {r.choice(v.EXTRAS)}."
        elif shape == 2:
            text = f"Năm {r.randrange(2015, 2026)}, thành phố {r.choice(v.VERBS)} {topic}"
            text += f" {r.choice(v.PLACES)} với tổng kinh phí {r.randrange(10, 9000)} tỷ đồng."
        elif shape == 3:
            text = f"{r.choice(v.SUBJECTS)} yêu cầu {r.choice(v.SUBJECTS)} {r.choice(v.VERBS)} {topic}"
            text += f" {r.choice(v.TIMES)}, {r.choice(v.EXTRAS)} và {r.choice(v.EXTRAS)}."
        elif shape == 4:
            text = f"{r.choice(v.CONNECTORS)} việc {r.choice(v.VERBS)} {topic} {r.choice(v.PLACES)}"
            text += f" đạt {r.randrange(40, 100)}% kế hoạch {r.choice(v.TIMES)}."
        else:
            text = f"{r.choice(v.CONNECTORS)} {r.choice(v.SUBJECTS)} đề nghị {r.choice(v.VERBS)} {topic},"
            text += f" {r.choice(v.EXTRAS)}, {r.choice(v.EXTRAS)}."
        return text[0].upper() + text[1:]

    def start_article(self) -> None:
        self.topic = self.rng.choice(self.v.OBJECTS)

    def _sentences(self, k: int) -> list[str]:
        r = self.rng
        on_topic = self.by_topic[self.topic]
        return [r.choice(on_topic) if r.random() < self.TOPIC_SHARE else r.choice(self.everything) for _ in range(k)]

    def title(self) -> str:
        r, v = self.rng, self.v
        text = f"{r.choice(v.VERBS)} {self.topic} {r.choice(v.PLACES)}"
        if r.random() < 0.4:
            text += f" {r.choice(v.TIMES)}"
        return text[0].upper() + text[1:]

    def lead(self) -> str:
        return " ".join(self._sentences(2))

    def body(self, *, figures: list[tuple[Picture, str]], media_url: str) -> str:
        """3–8 KB (UTF-8) of paragraphs, with the figures after the first paragraphs."""
        r = self.rng
        target = r.randrange(2900, 7200)
        parts: list[str] = []
        size = 0
        while size < target:
            paragraph = " ".join(self._sentences(r.randrange(3, 7)))
            parts.append(f"<p>{paragraph}</p>")
            size += len(paragraph.encode()) + 7
        for offset, (picture, caption) in enumerate(figures, start=1):
            figure = (
                f'<figure class="image image-captioned"><img src="{media_url}{picture.name}" alt="{caption[:-1]}"'
                f' width="{picture.width}" height="{picture.height}"><figcaption>{caption}</figcaption></figure>'
            )
            parts.insert(min(offset * 2, len(parts)), figure)
        return "\n".join(parts)


def zipf_weights(n: int, exponent: float = 0.9) -> list[float]:
    return list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, n + 1)))


def pick_weighted(rng: random.Random, items: list, cumulative: list[float], k: int) -> list:
    chosen: dict[int, None] = {}
    total = cumulative[-1]
    while len(chosen) < min(k, len(items)):
        chosen[bisect.bisect(cumulative, rng.random() * total)] = None
    return [items[i] for i in chosen]


@contextmanager
def stored_timestamps(model) -> Iterator[None]:
    """Let bulk_create keep the created/updated times we set instead of now()."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", 0) or getattr(f, "auto_now_add", 0)]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def reset_content() -> None:
    """Remove every agency, official, programme and article (a benchmark database only)."""
    from django.db import connection

    from articles.newsroom.models import Agency, Appointment, Article, Official, Programme

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        tables = [m._meta.db_table for m in (Article, Appointment, Programme, Official, Agency)]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        return
    for model in (Article, Programme, Appointment, Official, Agency):
        model.objects.all().delete()


class DerivedColumns:
    """What `Article.save()` derives from the text, done for bulk inserts by the model's own code.

    `fill()` runs `Article.prepare_to_save()` on an unsaved article: the sanitised text, the plain and folded
    text (articles/newsroom/search_columns.py) and, on PostgreSQL, the search vector as an SQL expression, so it
    is computed inside the bulk INSERT (one UPDATE per row afterwards would write each 6 KB row and its GIN
    entries twice). Whatever `save()` derives tomorrow, the generator derives too.
    """

    def __init__(self) -> None:
        from django.db import router

        from articles.newsroom.models import Article

        self.using = router.db_for_write(Article)
        # Which columns that is on this database (forked workers fill the articles, this process checks them).
        self.columns = sorted(Article(title="x", slug="x").prepare_to_save(using=self.using))

    def fill(self, article) -> None:
        article.prepare_to_save(using=self.using)

    def check(self) -> None:
        """Every article has its derived columns (a guard against the schema moving under the generator)."""
        from django.db.models import Q

        from articles.newsroom.models import Article

        missing = Q(body_text="")
        if "search_vector" in self.columns:
            missing |= Q(search_vector__isnull=True)
        if Article.objects.filter(missing).exists():
            raise RuntimeError("some generated articles lack their derived search columns")


def create_directory(rng: random.Random) -> tuple[list, list, list]:
    """60 agencies (with parents), 200 officials with 1–3 appointments each, 40 programmes."""
    from django.db import transaction

    from articles.newsroom.models import Agency, Appointment, Official, Programme
    from articles.newsroom.text import slugify_vi
    from bench import vocabulary as v

    with transaction.atomic():
        agencies = [
            Agency(name=name, slug=slugify_vi(name), kind=kind, aliases=alias, description=f"Giới thiệu về {name}.")
            for name, kind, alias in v.AGENCIES
        ]
        Agency.objects.bulk_create(agencies)
        by_kind = {kind: next(a for a in agencies if a.kind == kind) for kind in ("party", "committee")}
        for agency in agencies:
            if agency.kind in ("department", "district"):
                agency.parent = by_kind["committee"]
            elif agency.kind == "party_board":
                agency.parent = by_kind["party"]
        Agency.objects.bulk_update(agencies, ["parent"])

        names: dict[str, None] = {}
        while len(names) < 200:
            names[f"{rng.choice(v.FAMILY_NAMES)} {rng.choice(v.MIDDLE_NAMES)} {rng.choice(v.GIVEN_NAMES)}"] = None
        officials = [
            Official(full_name=name, slug=slugify_vi(name), biography=f"Tiểu sử tóm tắt của đồng chí {name}.")
            for name in names
        ]
        Official.objects.bulk_create(officials)

        appointments = []
        for official in officials:
            start = datetime.date(rng.randrange(2005, 2016), rng.randrange(1, 13), 1)
            for order in range(rng.randrange(1, 4)):
                agency = rng.choice(agencies)
                end = start.replace(year=start.year + rng.randrange(2, 6)) - datetime.timedelta(days=1)
                still_holding = end.year >= 2025 or (order == 2 and rng.random() < 0.7)
                appointments.append(
                    Appointment(
                        official=official,
                        agency=agency,
                        title=f"{rng.choice(v.POSITIONS)} {agency.name}",
                        start_date=start,
                        end_date=None if still_holding else end,
                        order=order,
                    )
                )
                if still_holding:
                    break
                start = end + datetime.timedelta(days=1)
        Appointment.objects.bulk_create(appointments)

        programmes = []
        for i, number in enumerate(rng.sample(range(1, 121), 40)):
            first_year = 2016 + 5 * (i % 2)
            programmes.append(
                Programme(
                    code=f"{number:02d}-CTr/TU",
                    slug=f"{number:02d}-ctr-tu",
                    title=f"{v.PROGRAMME_TOPICS[i % len(v.PROGRAMME_TOPICS)]} giai đoạn {first_year}–{first_year + 4}",
                    issuing_agency=by_kind["party"],
                    start_year=first_year,
                    end_year=first_year + 4,
                    summary="Chương trình công tác toàn khóa của Thành ủy.",
                )
            )
        Programme.objects.bulk_create(programmes)
    return agencies, officials, programmes


@dataclass(frozen=True)
class Plan:
    """What to generate; each batch of articles follows from the plan alone, so batches can run in parallel."""

    articles: int
    seed: int
    batch_size: int

    @property
    def drafts(self) -> int:
        return max(1, self.articles // 100)

    @property
    def scheduled(self) -> int:
        return max(1, self.articles // 1000)

    @property
    def total(self) -> int:
        return self.articles + self.drafts + self.scheduled

    @property
    def batches(self) -> int:
        return -(-self.total // self.batch_size)


FAR_FUTURE = datetime.datetime(2099, 1, 1, 8, 0, tzinfo=HANOI)
# Set by generate_archive() before batches run (inherited by forked workers).
_context: dict = {}


def insert_batch(plan: Plan, number: int) -> tuple[int, int]:
    """Insert batch `number` of the plan's articles with their officials and programmes.

    Returns how many published articles of the batch have a cover and pictures in the body.
    """
    from django.conf import settings
    from django.db import transaction

    from articles.newsroom.models import Article
    from articles.newsroom.text import slugify_vi
    from bench import vocabulary as v

    agencies, officials, programmes = _context["agencies"], _context["officials"], _context["programmes"]
    pictures, derived = _context["pictures"], _context["derived"]
    if "writer" not in _context:
        _context["writer"] = Writer(random.Random(plan.seed))
    writer: Writer = _context["writer"]
    rng = writer.rng = random.Random(plan.seed * 1_000_003 + number)
    agency_weights, official_weights = zipf_weights(len(agencies)), zipf_weights(len(officials))
    programme_weights = zipf_weights(len(programmes))
    span = (ARCHIVE_END - ARCHIVE_START).total_seconds()
    with_cover = with_pictures = 0
    batch: list = []
    links: list[tuple[list, list]] = []
    for index in range(number * plan.batch_size, min((number + 1) * plan.batch_size, plan.total)):
        is_draft = plan.articles <= index < plan.articles + plan.drafts
        if index >= plan.articles + plan.drafts:
            published_at = FAR_FUTURE + datetime.timedelta(hours=index)
        else:
            step = span * (index % plan.articles) / plan.articles
            published_at = ARCHIVE_START + datetime.timedelta(seconds=step + rng.randrange(0, 600))
        writer.start_article()
        title = writer.title()
        cover = rng.choice(pictures) if rng.random() < 0.35 else None
        figures = [(rng.choice(pictures), rng.choice(v.CAPTIONS)) for _ in range(rng.randrange(1, 3))]
        if rng.random() >= 0.4:
            figures = []
        if index < plan.articles:
            with_cover += cover is not None
            with_pictures += bool(figures)
        article = Article(
            title=title,
            slug=f"{slugify_vi(title)[:180]}-{index + 1}",
            lead=writer.lead(),
            body=writer.body(figures=figures, media_url=settings.MEDIA_URL),
            cover=cover.name if cover else "",
            cover_width=cover.width if cover else None,
            cover_height=cover.height if cover else None,
            cover_alt=rng.choice(v.CAPTIONS)[:-1] if cover else "",
            cover_caption=rng.choice(v.CAPTIONS) if cover else "",
            published_at=published_at,
            agency=pick_weighted(rng, agencies, agency_weights, 1)[0],
            source=rng.choice(SOURCES),
            status=Article.Status.DRAFT if is_draft else Article.Status.PUBLISHED,
            created_at=min(published_at, ARCHIVE_END),
            updated_at=min(published_at + datetime.timedelta(hours=rng.randrange(0, 48)), ARCHIVE_END),
        )
        derived.fill(article)
        batch.append(article)
        links.append(
            (
                pick_weighted(rng, officials, official_weights, rng.choice([0, 0, 1, 1, 2, 3])),
                pick_weighted(rng, programmes, programme_weights, rng.choice([0, 0, 0, 1, 1, 2])),
            )
        )
    with stored_timestamps(Article), transaction.atomic():
        Article.objects.bulk_create(batch)
        Article.officials.through.objects.bulk_create(
            [
                Article.officials.through(article_id=article.pk, official_id=official.pk)
                for article, (mentioned, _) in zip(batch, links, strict=True)
                for official in mentioned
            ]
        )
        Article.programmes.through.objects.bulk_create(
            [
                Article.programmes.through(article_id=article.pk, programme_id=programme.pk)
                for article, (_, in_programmes) in zip(batch, links, strict=True)
                for programme in in_programmes
            ]
        )
    return with_cover, with_pictures


def _insert_batch_in_worker(job: tuple[Plan, int]) -> tuple[int, int]:
    return insert_batch(*job)


def link_related(seed: int) -> int:
    """0–3 related articles for published ones, among the 2 000 published just before (by date)."""
    from django.db import transaction

    from articles.newsroom.models import Article

    rng = random.Random(seed + 1)
    ids = list(Article.objects.published().order_by("published_at", "slug").values_list("pk", flat=True))
    links = []
    for position, pk in enumerate(ids):
        count = rng.choice([0, 0, 0, 1, 2, 3])
        earlier = ids[max(0, position - 2000) : position]
        for other in {rng.choice(earlier) for _ in range(count)} if earlier else ():
            links.append(Article.related.through(from_article_id=pk, to_article_id=other))
    with transaction.atomic():
        Article.related.through.objects.bulk_create(links, batch_size=5000)
    return len(links)


def generate_archive(
    *,
    articles: int,
    seed: int = 2018,
    batch_size: int = 1000,
    workers: int = 1,
    progress: Callable[[str], None] = lambda message: None,
) -> ArchiveSummary:
    """Generate the archive into the current database (which should hold no content yet).

    With `workers` > 1 on PostgreSQL, batches of articles are inserted by that many forked processes
    (the text search vectors are computed by the database, one core per connection); the content is
    the same, only the ids differ.
    """
    import multiprocessing

    from django.conf import settings
    from django.db import connection, connections

    from articles.newsroom.models import Appointment

    started = time.monotonic()
    plan = Plan(articles=articles, seed=seed, batch_size=batch_size)
    agencies, officials, programmes = create_directory(random.Random(seed))
    summary = ArchiveSummary(
        published=plan.articles,
        drafts=plan.drafts,
        scheduled=plan.scheduled,
        agencies=len(agencies),
        officials=len(officials),
        appointments=Appointment.objects.count(),
        programmes=len(programmes),
    )
    progress(f"directory: {summary.agencies} agencies, {summary.officials} officials, {summary.programmes} programmes")
    derived = DerivedColumns()
    _context.clear()
    _context.update(
        agencies=agencies,
        officials=officials,
        programmes=programmes,
        pictures=write_pictures(Path(settings.MEDIA_ROOT)),
        derived=derived,
    )
    jobs = [(plan, number) for number in range(plan.batches)]
    parallel = workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    results: Iterator[tuple[int, int]]
    if parallel:
        connections.close_all()  # each forked worker opens its own connection
        pool = multiprocessing.get_context("fork").Pool(workers)
        results = pool.imap_unordered(_insert_batch_in_worker, jobs)
    else:
        pool, results = None, (insert_batch(*job) for job in jobs)
    for done, (covers, pictures) in enumerate(results, start=1):
        summary.with_cover += covers
        summary.with_body_pictures += pictures
        if done % 10 == 0 or done == plan.batches:
            elapsed = time.monotonic() - started
            progress(f"articles: {min(done * batch_size, plan.total)}/{plan.total} ({elapsed:.0f} s)")
    if pool is not None:
        pool.close()
        pool.join()
    related = link_related(seed)
    progress(f"related links: {related} ({time.monotonic() - started:.0f} s)")
    derived.check()
    summary.derived = derived.columns
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics and a visibility map, so plans (and index-only scans) are the ones
            # a long-running production database would get. (Inside a test's transaction: ANALYZE only.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh kho bài viết mẫu cho bench (xem docs/performance.md).")
    parser.add_argument("--articles", type=int, default=100_000, help="published articles (default 100000)")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="parallel inserting processes (PostgreSQL)")
    parser.add_argument("--reset", action="store_true", help="delete the existing content first")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.newsroom.models import Agency, Article

    call_command("migrate", verbosity=0, interactive=False)
    if Article.objects.exists() or Agency.objects.exists():
        if not args.reset:
            print("The database already has content; pass --reset to replace it.", file=sys.stderr)
            return 2
        reset_content()

    summary = generate_archive(
        articles=args.articles,
        seed=args.seed,
        batch_size=args.batch_size,
        workers=args.workers,
        progress=lambda message: print(message, flush=True),
    )
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
