#!/usr/bin/env python3
"""Writes the raw seed inputs for the page-reader fuzzer into OUT (a new folder).

The committed corpus (Fuzz/corpus) is these seeds minimised by libFuzzer (-merge=1, see
scripts/fuzz.sh --remake-corpus). Seeds come from ../shared: the two seed pages, small pages of
both dev corpora (HTML, w3m and lynx dumps), a Russian article re-encoded into every charset
the reader knows, gzip, and JSON scraper items in each shape the reader takes.

Usage: Fuzz/make-seeds.py OUT [SHARED]
"""
import gzip
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
shared = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).resolve().parents[2] / "shared")
out.mkdir(parents=True, exist_ok=False)

# Seeds stay small: a fuzzer mutates short inputs many times faster.
MAX_PAGE = 48 * 1024


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    (out / name).write_bytes(data)


def clip(text, limit):
    """The text cut at a line end before `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > 0 else limit]


def gz(data):
    return gzip.compress(data if isinstance(data, bytes) else data.encode("utf-8"), mtime=0)


seeds = sorted((shared / "seeds").glob("*.txt"))
for seed in seeds:
    write("seed-" + seed.name, seed.read_bytes())
seed_text = seeds[0].read_text(encoding="utf-8")
write("seed-000.txt.gz", gz(seeds[0].read_bytes()))

# Small HTML pages: Reader View's test pages cover odd markup, the dev pages real news sites.
for page in sorted((shared / "corpus" / "readability-dev" / "html").glob("*.html.gz")):
    html = gzip.decompress(page.read_bytes())
    if len(html) <= 16 * 1024:
        write("readability-" + page.name[: -len(".gz")], html)
extraction = shared / "corpus" / "extraction-dev"
pages = sorted(extraction.glob("html/*.html.gz"), key=lambda p: len(gzip.decompress(p.read_bytes())))
for page in pages[:4]:
    html = gzip.decompress(page.read_bytes())
    stem = page.name[:12]
    if len(html) <= MAX_PAGE:
        write("dev-" + stem + ".html", html)
    write("dev-" + stem + ".html.gz", page.read_bytes())
for page in pages[4:10]:
    stem = page.name[:12]
    for renderer in ("w3m", "lynx"):
        dump = (extraction / ("text-" + renderer) / (page.name[: -len(".html.gz")] + ".txt")).read_text("utf-8")
        write("dev-" + stem + "." + renderer + ".txt", clip(dump, 8 * 1024))

# A Russian article in every charset the reader detects, as a dump and as HTML.
russian_page = max(
    extraction.glob("text-w3m/*.txt"),
    key=lambda p: sum(1 for c in p.read_text("utf-8") if "\u0400" <= c <= "\u04ff"),
)
russian = clip(russian_page.read_text("utf-8"), 6 * 1024)
write("ru.utf8.txt", russian)
write("ru.utf8-bom.txt", b"\xef\xbb\xbf" + russian.encode("utf-8"))
write("ru.utf16le-bom.txt", b"\xff\xfe" + russian.encode("utf-16-le"))
write("ru.utf16be-bom.txt", b"\xfe\xff" + russian.encode("utf-16-be"))
write("ru.utf16le.txt", clip(russian, 2048).encode("utf-16-le"))
write("ru.utf16be.txt", clip(russian, 2048).encode("utf-16-be"))
write("ru.cp1251.txt", russian.encode("cp1251", "replace"))
write("ru.koi8r.txt", russian.encode("koi8_r", "replace"))
write("ru.koi8r.txt.gz", gz(russian.encode("koi8_r", "replace")))
paragraphs = "".join("<p>" + line + "</p>\n" for line in clip(russian, 3 * 1024).splitlines() if line.strip())
for label, codec in (("windows-1251", "cp1251"), ("koi8-r", "koi8_r")):
    html = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset='
        + label + '"><title>Новости</title></head><body><article>' + paragraphs + "</article></body></html>"
    )
    write("ru." + codec + ".html", html.encode(codec, "replace"))
latin = clip(seed_text, 2048).replace("--", "\u2014 caf\u00e9 na\u00efve \u00a9 \u20ac")
write("latin1.html", ('<html><head><meta charset="iso-8859-1"></head><body><p>' + latin + "</p></body></html>").encode("cp1252", "replace"))
write("mislabel.html", '<html><head><meta charset="windows-1251"></head><body><p>' + russian[:1500] + "</p></body></html>")

# JSON scraper items: one object, an array, JSON Lines (with a broken line), HTML bodies.
body = clip(seed_text, 2500)
item = {
    "url": "https://example.org/news/1",
    "title": "Russia, Belarus discuss NATO expansion",
    "published": "2016-08-23T11:04:00+03:00",
    "text": body,
    "section": "World",
    "source": "TASS",
    "tags": ["NATO", "Belarus"],
    "language": "en",
}
write("item.json", json.dumps(item))
write("item-ascii.json", json.dumps({**item, "title": "Расширение НАТО \ud83d\ude00", "text": russian[:1200]}))
write(
    "items.json",
    json.dumps([item, {"link": "https://example.org/2", "headline": "Two", "body": "Short.\n\nSecond paragraph here."}], indent=1),
)
lines = [
    json.dumps(item, ensure_ascii=False),
    '{"url": "https://example.org/3", "title": "cut',
    json.dumps({"url": "https://example.org/4", "date": "23 августа 2016", "content": russian[:800]}, ensure_ascii=False),
    json.dumps({"url": "https://example.org/5", "html": "<html><body><article><p>" + body[:1200] + "</p></article></body></html>"}),
]
write("items.jsonl", "\n".join(lines) + "\n")
write("items.jsonl.gz", gz("\n".join(lines) + "\n"))
write("item-keywords.json", json.dumps({"datePublished": "May 29, 13:10 UTC+3", "articleBody": body[:900], "keywords": "a, b, c", "site": "Reuters"}))
