"""OCR speed: yttrande-qa's OCR (render, orientation, recognition; pages in parallel threads) against the
bare `tesseract` command on the same page images, and peak memory on a long scan.

    python benchmarks/bench_ocr.py [--pages 8] [--rounds 3]      # pages per second, medians
    python benchmarks/bench_ocr.py --long 100                    # a 100-page scan: time and peak memory

The pages are the test statement (tests/scan_fixtures.py), scanned at 200 and 150 dpi, every fourth page
sideways (`--sideways-every`), each with its own grain so that no two pages are alike. The machine is
shared: the methods run interleaved, round after round, and the medians are printed. `tesseract` runs two
ways: one page after another as installed (its OpenMP threads share the cores), and two pages at a time
with one thread each (`OMP_THREAD_LIMIT=1`, the fastest way to run the command on several pages).
Rendering the PNGs for the command is not timed; yttrande-qa's time includes rendering each page from the
PDF. Besides wall time, CPU seconds a page are printed: on a machine shared with other work they vary much
less.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scan_fixtures import draw_page, letter_layout, save_scan  # noqa: E402

from yttrande_qa.ingest.ocr import OcrOptions, _rendered_pages, recognise_pages  # noqa: E402


def build_scan(path: Path, pages: int, seed: int, sideways_every: int = 4) -> Path:
    layout = letter_layout()
    images = []
    for number in range(pages):
        dpi = 200 if number % 2 == 0 else 150
        image = draw_page(layout[number % len(layout)], dpi, seed=seed * 1000 + number)
        sideways = sideways_every and number % sideways_every == sideways_every - 1
        images.append((image.rotate(90, expand=True) if sideways else image, dpi))
    return save_scan(path, images)


def page_images(pdf: Path, folder: Path, pages: int) -> list[Path]:
    """The pages as yttrande-qa renders them, saved as PNG for the command."""
    from PIL import Image

    paths = []
    for index, image in _rendered_pages(pdf, list(range(pages))):
        paths.append(folder / f"page-{index:03}.png")
        Image.fromarray(image.pixels).save(paths[-1])
    return paths


def cpu_seconds() -> float:
    """CPU time of this process and of the commands it waited for: unlike wall time, it does not count
    the time spent waiting for a core that other work on the machine holds."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of run()."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def ours(pdf: Path, pages: int) -> None:
    results = recognise_pages(pdf, list(range(pages)), OcrOptions())
    assert all(not result.problem for result in results.values()), results


def tesseract(images: list[Path], parallel: int) -> None:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"} if parallel > 1 else dict(os.environ)

    def read(image: Path) -> None:
        subprocess.run(["tesseract", str(image), "-", "-l", "swe"], check=True, capture_output=True, env=env)

    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(read, images))


def compare(pages: int, rounds: int, sideways_every: int) -> None:
    names = ["yttrande-qa", "tesseract", "tesseract ×2, 1 thread each"]
    rates: dict[str, list[float]] = {name: [] for name in names}  # pages per wall-clock second
    cpu: dict[str, list[float]] = {name: [] for name in names}  # CPU seconds a page
    with tempfile.TemporaryDirectory(prefix="yqa-ocr-") as tmp:
        folder = Path(tmp)
        for round_number in range(rounds):
            # A new scan each round: nothing is cached between rounds (no cache folder is given anyway).
            pdf = build_scan(folder / f"scan-{round_number}.pdf", pages, round_number, sideways_every)
            images = page_images(pdf, folder, pages)
            runs = {
                names[0]: lambda: ours(pdf, pages),
                names[1]: lambda: tesseract(images, 1),
                names[2]: lambda: tesseract(images, 2),
            }
            for name in names[round_number % 3 :] + names[: round_number % 3]:  # a different order each round
                wall, used = timed(runs[name])
                rates[name].append(pages / wall)
                cpu[name].append(used / pages)
            print(f"round {round_number + 1}: " + ", ".join(
                f"{name} {rates[name][-1]:.3f} pages/s ({cpu[name][-1]:.2f} CPU s a page)" for name in names
            ), flush=True)
    print(f"\n{pages} pages × {rounds} rounds, {os.cpu_count()} cores, medians:")
    for name in names:
        rate = statistics.median(rates[name])
        used = statistics.median(cpu[name])
        print(f"  {name:30} {rate:.3f} pages/s ({1 / rate:.1f} s a page), {used:.2f} CPU s a page")
    ratios = [ours_rate / max(plain, parallel) for ours_rate, plain, parallel in zip(*rates.values())]
    cpu_ratios = [min(plain, parallel) / ours_cpu for ours_cpu, plain, parallel in zip(*cpu.values())]
    print(f"ratio to the faster tesseract run, pages per second: {statistics.median(ratios):.2f}× "
          f"(median of the rounds); by CPU time a page: {statistics.median(cpu_ratios):.2f}×")


def long_scan(pages: int) -> None:
    """Build the scan here, read it in a fresh process: its peak memory is the OCR's alone."""
    with tempfile.TemporaryDirectory(prefix="yqa-ocr-") as tmp:
        pdf = build_scan(Path(tmp) / "long.pdf", pages, seed=7)
        print(f"{pages}-page scan: {pdf.stat().st_size / 1e6:.0f} MB", flush=True)
        subprocess.run([sys.executable, __file__, "--read", str(pdf)], check=True)


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss it does not carry the parent's over)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def read_and_measure(pdf: Path) -> None:
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(pdf))
    before = peak_memory_mb()

    def progress(step) -> None:
        if step.done % 10 == 0 or step.done == step.total:
            print(f"  page {step.done} of {step.total}: {step.elapsed:.0f} s, about {step.remaining:.0f} s left",
                  flush=True)

    started = time.perf_counter()
    results = recognise_pages(pdf, list(range(pages)), OcrOptions(on_progress=progress))
    elapsed = time.perf_counter() - started
    peak = peak_memory_mb()
    problems = sum(bool(result.problem) for result in results.values())
    print(f"{pages} pages in {elapsed:.0f} s ({pages / elapsed:.3f} pages/s), {problems} unread; "
          f"peak memory {peak:.0f} MB (before OCR {before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sideways-every", type=int, default=4, help="every Nth page scanned sideways (0: none)")
    parser.add_argument("--long", type=int, metavar="PAGES", help="one long scan: time and peak memory")
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)  # the process --long measures
    args = parser.parse_args()
    if args.read:
        read_and_measure(args.read)
    elif args.long:
        long_scan(args.long)
    else:
        compare(args.pages, args.rounds, args.sideways_every)


if __name__ == "__main__":
    main()
