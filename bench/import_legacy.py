"""Benchmark of `manage.py import_legacy`: generate legacy export files, import them, print the speed and memory.

    .venv/bin/python bench/import_legacy.py                      # 20 000 files, throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_import_bench .venv/bin/python bench/import_legacy.py
    .venv/bin/python bench/import_legacy.py --files 5000         # compare peak memory with fewer files

The files are built from the shapes of the samples in tests/legacy_samples (preambles, dateline styles, leads,
paragraphs, pictures with and without captions, related-article lines pointing at earlier and later files and at
nothing, sources, programme codes, officials and agencies of a generated directory) in every encoding the format
allows (UTF-8 with and without BOM, UTF-16, Windows-1258, NFD, CRLF and CR line endings), plus a few bad files.
The PostgreSQL database named in DATABASE_URL is a bench-only database: it is dropped and created again.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "legacy_samples"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Phùng", "Chu"]
MIDDLE = ["Văn", "Thị", "Quang", "Đức", "Minh", "Thanh", "Hồng", "Xuân", "Thu", "Quốc", "Ngọc", "Hữu"]
GIVEN = ["Hùng", "Lan", "Tuấn", "Hà", "Bình", "Phúc", "Hằng", "Long", "Nhung", "Định", "Bảo", "Vinh", "Anh", "Sơn"]
DEPARTMENTS = [
    "Tư pháp", "Công Thương", "Y tế", "Giáo dục và Đào tạo", "Lao động, Thương binh và Xã hội", "Tài chính",
    "Quy hoạch - Kiến trúc", "Du lịch", "Thông tin và Truyền thông", "Khoa học và Công nghệ", "Ngoại vụ",
]  # fmt: skip
DISTRICTS = ["Ba Đình", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai", "Long Biên", "Tây Hồ", "Thanh Xuân"]
TOPICS = [
    "Đẩy mạnh cải cách hành chính", "Ra quân lập lại trật tự đô thị", "Tổng kết công tác năm",
    "Kiểm tra tiến độ dự án trọng điểm", "Phát triển nông thôn mới", "Xử lý điểm nóng ô nhiễm",
    "Thu hút đầu tư", "Bảo đảm an toàn giao thông", "Chuyển đổi số", "Chăm lo Tết cho người nghèo",
]  # fmt: skip
DATELINES = ["{H}:{M} | {d}/{m}/{Y}", "{wd}, {d}/{m}/{Y} - {H}:{M}", "{wd}, {d}/{m}/{Y}", "{d}/{m}/{Y} | {H}:{M}"]
WEEKDAYS = ["Thứ Hai", "Thứ ba", "Thứ Tư", "thứ năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
PREAMBLES = ["", "M\n", "M\nTin tức - Sự kiện\n", "M\nA- A A+\n", "M\nTrang chủ\n"]


def setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    os.environ.pop("DEBUG", None)  # DEBUG would keep every query in memory
    sys.path.insert(0, str(ROOT))
    url = os.environ["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        create_postgres_database(url)
    import django

    django.setup()


def create_postgres_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    base, _, name = url.rpartition("/")
    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:  # a bench-only database: start from nothing, like the SQLite file
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def prepare_database(rng: random.Random) -> tuple[list[str], list[str]]:
    """Migrate, load the demo data, make a directory of officials and agencies; returns their names."""
    from django.core.management import call_command

    from articles.newsroom.models import Agency, Official

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())

    officials = sorted({f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(400)})
    for name in officials:
        Official.objects.get_or_create(full_name=name)
    agencies = [f"Sở {d} Hà Nội" for d in DEPARTMENTS] + [f"UBND quận {d}" for d in DISTRICTS]
    for name in agencies:
        Agency.objects.get_or_create(name=name, defaults={"aliases": name.replace(" Hà Nội", "")})
    return officials, agencies


def title_of(index: int) -> str:
    rng = random.Random(index)
    place = rng.choice(DISTRICTS + ["Hà Nội", "Thủ đô"])
    return f"{rng.choice(TOPICS)} tại {place} (bài {index})"


def marker_of(title: str) -> str:
    from articles.newsroom.text import fold

    return fold(title)


def sample_pool() -> dict[str, list[str]]:
    from articles.legacy.parse import LegacyRejected, read_record

    pool: dict[str, list[str]] = {"paragraphs": [], "captions": [], "sources": []}
    for path in sorted(SAMPLES.glob("*.txt")):
        try:
            record = read_record(path.read_bytes(), legacy_id=path.stem)
        except LegacyRejected:
            continue
        pool["paragraphs"] += [record.lead, *record.paragraphs]
        pool["captions"] += [caption for caption in record.captions if caption]
        pool["sources"].append(record.source)
    return pool


def article_text(index: int, count: int, rng: random.Random, pool: dict, officials: list, agencies: list) -> str:
    title = title_of(index)
    marker = marker_of(title)
    hour, minute = rng.randrange(24), rng.randrange(60)
    day, month, year = rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(2010, 2021)
    dateline = rng.choice(DATELINES).format(
        H=f"{hour:02d}", M=f"{minute:02d}", d=day, m=f"{month:02d}", Y=year, wd=rng.choice(WEEKDAYS)
    )

    def paragraph() -> str:
        text = rng.choice(pool["paragraphs"])
        if rng.random() < 0.5:
            text = f"Đồng chí {rng.choice(officials)} cho biết, {text[0].lower()}{text[1:]}"
        if rng.random() < 0.3:
            text += f" {rng.choice(agencies)} sẽ thực hiện Chương trình {rng.randrange(1, 16):02d}-CTr/TU."
        return text

    blocks = [paragraph()]
    related = [title_of(rng.randrange(count)) for _ in range(rng.randrange(3))]
    if rng.random() < 0.3:
        related.append(f"Bài không có trên cổng mới số {rng.randrange(10**6)}")
    if related:
        blocks.append("\n".join(f"{marker} {other}" for other in related))
    for _ in range(rng.randrange(3, 8)):
        roll = rng.random()
        if roll < 0.2:
            blocks.append(f"{marker}\n{rng.choice(pool['captions'])}")
        elif roll < 0.25:
            blocks.append(marker)
        else:
            blocks.append(paragraph())
    source = rng.choice(["Nguồn : {}", "NGUỒN: {}", "Nguồn :{}", None]) or ""
    if source:
        blocks.append(source.format(rng.choice(pool["sources"])).rstrip())
    return rng.choice(PREAMBLES) + dateline + "\n\n" + title + "\n\n" + "\n\n".join(blocks) + "\n"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps vowel letters precomposed and writes tone marks as combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in decomposed if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def encode(text: str, rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.10:
        text = text.replace("\n", "\r\n")
    elif roll < 0.12:
        text = text.replace("\n", "\r")
    roll = rng.random()
    if roll < 0.08:
        return b"\xef\xbb\xbf" + text.encode()
    if roll < 0.15:
        return text.encode("utf-16")
    if roll < 0.23:
        return to_cp1258(text)
    if roll < 0.28:
        return unicodedata.normalize("NFD", text).encode()
    return text.encode()


def generate(folder: Path, count: int, rng: random.Random, officials: list, agencies: list) -> int:
    """Write `count` files (a few of them bad) into folders of 1000; returns how many are bad."""
    pool = sample_pool()
    bad = 0
    for index in range(count):
        sub = folder / f"{index // 1000:03d}"
        sub.mkdir(exist_ok=True)
        roll = rng.random()
        if roll < 0.002:
            raw, bad = b"", bad + 1
        elif roll < 0.004:
            raw, bad = "Tin tức\n\nKhông có ngày\n".encode(), bad + 1
        else:
            raw = encode(article_text(index, count, rng, pool, officials, agencies), rng)
        (sub / f"{index:06d}_{rng.getrandbits(64):016x}.txt").write_bytes(raw)
    return bad


class ServerCpu:
    """CPU seconds the PostgreSQL server spent for the import's connections (a server on this machine only).

    The import's processes name their connections (`PGAPPNAME`); a thread samples `/proc/PID/stat` of those
    server processes every 50 ms and keeps the last value of each.
    """

    APPLICATION = "import-legacy-bench"

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.seconds: dict[int, float] = {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> ServerCpu:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join()

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def _sample(self) -> None:
        import psycopg2

        ticks = os.sysconf("SC_CLK_TCK")
        connection = psycopg2.connect(
            dbname=self.settings["NAME"],
            user=self.settings["USER"],
            host=self.settings["HOST"],
            port=self.settings["PORT"] or 5432,
        )
        connection.autocommit = True  # each look a new snapshot of pg_stat_activity (no `with connection`: BEGIN)
        with connection.cursor() as cursor:
            while not self.stopped.wait(0.05):
                cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [self.APPLICATION])
                for (pid,) in cursor.fetchall():
                    try:
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    self.seconds[pid] = (int(fields[11]) + int(fields[12])) / ticks
        connection.close()


def run_import(folder: Path, server: ServerCpu | None = None) -> tuple[float, float, float, str]:
    """Run `manage.py import_legacy` in its own process, as an editor would; returns its wall-clock seconds, its CPU
    seconds and its workers' (the machine is shared: wall time is noisy), the database server's CPU seconds for it
    (0 when not measured) and its summary. Peak memory: `children_peak_mb()`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    server_before = server.total if server else 0.0
    finished = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_legacy", str(folder)],
        cwd=ROOT,
        env={**os.environ, "PGAPPNAME": ServerCpu.APPLICATION},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    time.sleep(0.1)  # the sampler's last look
    server_cpu = (server.total - server_before) if server else 0.0
    if finished.returncode not in (0, 1):  # 1: the few bad files were rejected
        raise SystemExit(finished.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, server_cpu, finished.stdout


def children_peak_mb() -> float:
    """The largest peak resident memory of the import processes run so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="legacy-bench-") as tmp:
        database_url = None if os.environ.get("DATABASE_URL") else f"sqlite:///{tmp}/bench.sqlite3"
        setup_django(database_url)
        from django.db import connection

        from articles.newsroom.models import Article

        rng = random.Random(args.seed)
        officials, agencies = prepare_database(rng)
        folder = Path(tmp) / "export"
        folder.mkdir()
        started = time.perf_counter()
        bad = generate(folder, args.files, rng, officials, agencies)
        print(f"generated {args.files} files ({bad} bad) in {time.perf_counter() - started:.1f} s")

        load_before = os.getloadavg()[0]
        local_server = connection.vendor == "postgresql" and connection.settings_dict["HOST"] in (
            "127.0.0.1",
            "localhost",
            "",
        )
        with ServerCpu(connection.settings_dict) if local_server else nullcontext() as server:
            first, first_cpu, first_server, summary = run_import(folder, server)
            imported = Article.objects.filter(legacy_id__isnull=False).count()
            second, second_cpu, _, _ = run_import(folder, server)
        peak_mb = children_peak_mb()
        print(summary)
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        print(
            f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs"
        )
        print(
            f"first import:  {imported} articles in {first:.1f} s = {imported / first:.0f} articles/s "
            f"(import process CPU {first_cpu:.1f} s = {imported / first_cpu:.0f} articles per CPU-second)"
        )
        if first_server:
            print(
                f"database server CPU for the first import: {first_server:.1f} s = "
                f"{first_server / imported * 1000:.2f} ms per article; import processes "
                f"{first_cpu / imported * 1000:.2f} ms per article"
            )
        print(
            f"second import (all unchanged): {second:.1f} s = {args.files / second:.0f} files/s "
            f"(CPU {second_cpu:.1f} s)"
        )
        print(f"peak memory of the import process (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
