"""Generate a realistic, deterministic archive for the benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_perf_bench \
        .venv/bin/python bench/generate_archive.py --articles 100000 --reset

60 agencies, 200 officials with their appointments, 40 programmes and N published articles of
3–8 KB of Vietnamese text (plus 1 % drafts and 0.1 % scheduled ones that the public must not see),
a third with a cover picture and two fifths with pictures in the body. The same seed gives the same
archive. Rows go in with `bulk_create` in batches, bypassing `Article.save()`; whatever `save()` or
signals would derive (search columns...) is then filled by `rebuild_derived_columns()`.
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
    """Press-release prose from the vocabulary, cheap enough for 100 000 articles."""

    def __init__(self, rng: random.Random, pool_size: int = 4000) -> None:
        from bench import vocabulary as v

        self.rng = rng
        self.v = v
        self.sentences = [self._sentence() for _ in range(pool_size)]

    def _sentence(self) -> str:
        r, v = self.rng, self.v
        shape = r.randrange(5)
        if shape == 0:
            text = f"{r.choice(v.CONNECTORS)} {r.choice(v.SUBJECTS)} {r.choice(v.VERBS)} {r.choice(v.OBJECTS)}"
            text += f" {r.choice(v.PLACES)} {r.choice(v.TIMES)}, {r.choice(v.EXTRAS)}."
        elif shape == 1:
            text = f"{r.choice(v.SUBJECTS)} đã {r.choice(v.VERBS)} {r.randrange(2, 900)} {r.choice(v.FIGURES)}"
            text += f" thuộc {r.choice(v.OBJECTS)}, {r.choice(v.EXTRAS)}."
        elif shape == 2:
            text = f"Năm {r.randrange(2015, 2026)}, thành phố {r.choice(v.VERBS)} {r.choice(v.OBJECTS)}"
            text += f" {r.choice(v.PLACES)} với tổng mức đầu tư {r.randrange(10, 9000)} tỷ đồng."
        elif shape == 3:
            text = f"{r.choice(v.SUBJECTS)} yêu cầu {r.choice(v.SUBJECTS)} {r.choice(v.VERBS)} {r.choice(v.OBJECTS)}"
            text += f" {r.choice(v.TIMES)}, {r.choice(v.EXTRAS)} và {r.choice(v.EXTRAS)}."
        else:
            text = f"{r.choice(v.CONNECTORS)} việc {r.choice(v.VERBS)} {r.choice(v.OBJECTS)} {r.choice(v.PLACES)}"
            text += f" đạt {r.randrange(40, 100)}% kế hoạch {r.choice(v.TIMES)}."
        return text[0].upper() + text[1:]

    def title(self) -> str:
        r, v = self.rng, self.v
        text = f"{r.choice(v.VERBS)} {r.choice(v.OBJECTS)} {r.choice(v.PLACES)}"
        if r.random() < 0.4:
            text += f" {r.choice(v.TIMES)}"
        return text[0].upper() + text[1:]

    def lead(self) -> str:
        return " ".join(self.rng.choices(self.sentences, k=2))

    def body(self, *, figures: list[tuple[Picture, str]], media_url: str) -> str:
        """3–8 KB (UTF-8) of paragraphs, with the figures after the first paragraphs."""
        r = self.rng
        target = r.randrange(2900, 7200)
        parts: list[str] = []
        size = 0
        while size < target:
            paragraph = " ".join(r.choices(self.sentences, k=r.randrange(3, 7)))
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

    from articles.models import Agency, Appointment, Article, Official, Programme

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        tables = [m._meta.db_table for m in (Article, Appointment, Programme, Official, Agency)]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        return
    for model in (Article, Programme, Appointment, Official, Agency):
        model.objects.all().delete()


# Functions that fill what Article.save() or signals would derive, tried in order; each is
# "module:function" and is called with no arguments if the module defines it.
DERIVED_REBUILDERS: list[str] = []


def rebuild_derived_columns() -> list[str]:
    import importlib

    ran = []
    for dotted in DERIVED_REBUILDERS:
        module_name, function_name = dotted.split(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if function is not None:
            function()
            ran.append(dotted)
    return ran


def generate_archive(
    *,
    articles: int,
    seed: int = 2018,
    batch_size: int = 1000,
    progress: Callable[[str], None] = lambda message: None,
) -> ArchiveSummary:
    from django.conf import settings
    from django.db import connection, transaction

    from articles.models import Agency, Appointment, Article, Official, Programme
    from articles.text import slugify_vi
    from bench import vocabulary as v

    started = time.monotonic()
    rng = random.Random(seed)
    summary = ArchiveSummary()
    pictures = write_pictures(Path(settings.MEDIA_ROOT))
    writer = Writer(rng)

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
        summary.agencies = len(agencies)

        names: dict[str, None] = {}
        while len(names) < 200:
            names[f"{rng.choice(v.FAMILY_NAMES)} {rng.choice(v.MIDDLE_NAMES)} {rng.choice(v.GIVEN_NAMES)}"] = None
        officials = [
            Official(full_name=name, slug=slugify_vi(name), biography=f"Tiểu sử tóm tắt của đồng chí {name}.")
            for name in names
        ]
        seen_slugs: dict[str, int] = {}
        for official in officials:
            count = seen_slugs[official.slug] = seen_slugs.get(official.slug, 0) + 1
            if count > 1:
                official.slug = f"{official.slug}-{count}"
        Official.objects.bulk_create(officials)
        summary.officials = len(officials)

        appointments = []
        for official in officials:
            start = datetime.date(rng.randrange(2005, 2016), rng.randrange(1, 13), 1)
            for order in range(rng.randrange(1, 4)):
                agency = rng.choice(agencies)
                years = rng.randrange(2, 6)
                end = start.replace(year=start.year + years) - datetime.timedelta(days=1)
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
        summary.appointments = len(appointments)

        numbers = rng.sample(range(1, 121), 40)
        programmes = [
            Programme(
                code=f"{number:02d}-CTr/TU",
                slug=f"{number:02d}-ctr-tu",
                title=f"{v.PROGRAMME_TOPICS[i % len(v.PROGRAMME_TOPICS)]} giai đoạn {2016 + 5 * (i % 2)}–"
                f"{2020 + 5 * (i % 2)}",
                issuing_agency=by_kind["party"],
                start_year=2016 + 5 * (i % 2),
                end_year=2020 + 5 * (i % 2),
                summary="Chương trình công tác toàn khóa của Thành ủy.",
            )
            for i, number in enumerate(numbers)
        ]
        Programme.objects.bulk_create(programmes)
        summary.programmes = len(programmes)
    progress(f"directory: {summary.agencies} agencies, {summary.officials} officials, {summary.programmes} programmes")

    agency_weights = zipf_weights(len(agencies))
    official_weights = zipf_weights(len(officials))
    programme_weights = zipf_weights(len(programmes))
    drafts, scheduled = max(1, articles // 100), max(1, articles // 1000)
    total = articles + drafts + scheduled
    span = (ARCHIVE_END - ARCHIVE_START).total_seconds()
    far_future = datetime.datetime(2099, 1, 1, 8, 0, tzinfo=HANOI)
    media_url = settings.MEDIA_URL
    ArticleOfficial = Article.officials.through
    ArticleProgramme = Article.programmes.through
    ArticleRelated = Article.related.through
    published_ids: list[int] = []

    with stored_timestamps(Article):
        for batch_start in range(0, total, batch_size):
            batch: list[Article] = []
            links: list[tuple[list[Official], list[Programme], int]] = []
            for index in range(batch_start, min(batch_start + batch_size, total)):
                kind = "published" if index < articles else ("draft" if index < articles + drafts else "scheduled")
                if kind == "scheduled":
                    published_at = far_future + datetime.timedelta(hours=index)
                else:
                    step = span * (index % articles) / articles
                    published_at = ARCHIVE_START + datetime.timedelta(seconds=step + rng.randrange(0, 600))
                title = writer.title()
                has_cover = rng.random() < 0.35
                cover = rng.choice(pictures) if has_cover else None
                figures = [(rng.choice(pictures), rng.choice(v.CAPTIONS)) for _ in range(rng.randrange(1, 3))]
                if rng.random() >= 0.4:
                    figures = []
                summary.with_cover += has_cover and kind == "published"
                summary.with_body_pictures += bool(figures) and kind == "published"
                batch.append(
                    Article(
                        title=title,
                        slug=f"{slugify_vi(title)[:180]}-{index + 1}",
                        lead=writer.lead(),
                        body=writer.body(figures=figures, media_url=media_url),
                        cover=cover.name if cover else "",
                        cover_width=cover.width if cover else None,
                        cover_height=cover.height if cover else None,
                        cover_alt=rng.choice(v.CAPTIONS)[:-1] if cover else "",
                        cover_caption=rng.choice(v.CAPTIONS) if cover else "",
                        published_at=published_at,
                        agency=pick_weighted(rng, agencies, agency_weights, 1)[0],
                        source=rng.choice(SOURCES),
                        status=Article.Status.DRAFT if kind == "draft" else Article.Status.PUBLISHED,
                        created_at=min(published_at, ARCHIVE_END),
                        updated_at=min(published_at + datetime.timedelta(hours=rng.randrange(0, 48)), ARCHIVE_END),
                    )
                )
                mentioned = pick_weighted(rng, officials, official_weights, rng.choice([0, 0, 1, 1, 2, 3]))
                in_programmes = pick_weighted(rng, programmes, programme_weights, rng.choice([0, 0, 0, 1, 1, 2]))
                links.append((mentioned, in_programmes, rng.choice([0, 0, 0, 1, 2, 3]) if kind == "published" else 0))
            with transaction.atomic():
                Article.objects.bulk_create(batch)
                through_officials, through_programmes, through_related = [], [], []
                for article, (mentioned, in_programmes, related_count) in zip(batch, links, strict=True):
                    through_officials += [ArticleOfficial(article_id=article.pk, official_id=o.pk) for o in mentioned]
                    through_programmes += [
                        ArticleProgramme(article_id=article.pk, programme_id=p.pk) for p in in_programmes
                    ]
                    if published_ids and related_count:
                        earlier = {rng.choice(published_ids[-2000:]) for _ in range(related_count)}
                        through_related += [
                            ArticleRelated(from_article_id=article.pk, to_article_id=pk) for pk in earlier
                        ]
                    if article.status == Article.Status.PUBLISHED and article.published_at < far_future:
                        published_ids.append(article.pk)
                ArticleOfficial.objects.bulk_create(through_officials)
                ArticleProgramme.objects.bulk_create(through_programmes)
                ArticleRelated.objects.bulk_create(through_related)
            done = min(batch_start + batch_size, total)
            if done % (batch_size * 10) == 0 or done == total:
                progress(f"articles: {done}/{total} ({time.monotonic() - started:.0f} s)")

    summary.published, summary.drafts, summary.scheduled = articles, drafts, scheduled
    summary.derived = rebuild_derived_columns()
    if summary.derived:
        progress(f"derived columns rebuilt by {', '.join(summary.derived)} ({time.monotonic() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics and a visibility map, so plans (and index-only scans) are the ones
            # a long-running production database would get. (Inside a test's transaction: ANALYZE only.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh kho bài viết mẫu cho bench (xem bench/README.md).")
    parser.add_argument("--articles", type=int, default=100_000, help="published articles (default 100000)")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--reset", action="store_true", help="delete the existing content first")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Agency, Article

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
        progress=lambda message: print(message, flush=True),
    )
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
