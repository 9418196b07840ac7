"""The image's static files: the Dockerfile's collectstatic line, run as is, writes the manifest
that the production static storage reads, and pages render with it (no docker engine needed)."""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
HASHED_CSS = re.compile(r'href="/static/css/portal\.([0-9a-f]{12})\.css"')
HASHED_BOOTSTRAP = re.compile(
    r'src="/static/bootstrap/js/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js"'
)
PROBE = (
    "import django, json; django.setup(); from django.conf import settings; "
    'print(json.dumps(settings.STORAGES["staticfiles"]))'
)


def dockerfile_collectstatic_line() -> str:
    """The shell command of the Dockerfile's RUN line that runs collectstatic."""
    lines = [
        line.removeprefix("RUN ").strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("RUN ") and "collectstatic" in line
    ]
    assert len(lines) == 1, f"exactly one collectstatic RUN line expected, found {lines}"
    return lines[0]


def _shell(command: str, static_root: Path) -> subprocess.CompletedProcess:
    # A bare environment, like the image's: only what the line itself sets, plus where to write.
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(static_root.parent),
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    return subprocess.run(
        ["sh", "-c", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def built_static(tmp_path_factory):
    """(STATIC_ROOT written by the Dockerfile's line, the staticfiles backend of production)."""
    line = dockerfile_collectstatic_line()
    assert "DJANGO_ENV=production" in line, line
    assert "DJANGO_STATIC_ROOT" not in line, "the image keeps the default STATIC_ROOT"
    static_root = tmp_path_factory.mktemp("image") / "staticfiles"
    done = _shell(line, static_root)
    assert done.returncode == 0, done.stderr
    # The same variables give the backend the production settings select.
    assignments = [word for word in shlex.split(line) if re.match(r"^[A-Z_]+=", word)]
    probe = _shell(
        " ".join(shlex.quote(word) for word in assignments)
        + f" DJANGO_SETTINGS_MODULE=portal.settings python -c {shlex.quote(PROBE)}",
        static_root,
    )
    assert probe.returncode == 0, probe.stderr
    return static_root, json.loads(probe.stdout)["BACKEND"]


def _production_static(settings, static_root, backend):
    settings.DEBUG = False
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": backend}}


def test_dockerfile_collectstatic_writes_the_production_manifest(built_static):
    static_root, backend = built_static
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/portal.css"]
    assert re.fullmatch(r"css/portal\.[0-9a-f]{12}\.css", hashed), hashed
    assert (static_root / hashed).is_file()
    # whitenoise's compressed copies are built too.
    assert (static_root / f"{hashed}.gz").is_file()


@pytest.mark.django_db
def test_pages_render_with_the_manifest_and_serve_hashed_files(settings, built_static, world):
    static_root, backend = built_static
    _production_static(settings, static_root, backend)
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]

    anonymous = Client()
    officer = Client()
    officer.force_login(world.officer_a)
    for client, url in [(anonymous, "/"), (anonymous, "/ppo/"), (officer, "/cabinet/")]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        css = HASHED_CSS.search(html)
        assert css, f"{url}: no hashed portal.css in the page"
        assert f"css/portal.{css[1]}.css" == manifest["css/portal.css"]
        assert HASHED_BOOTSTRAP.search(html), f"{url}: no hashed bootstrap bundle"

    # The hashed file itself is served (whitenoise, from STATIC_ROOT), with a far-future cache.
    static = anonymous.get(f"/static/{manifest['css/portal.css']}")
    assert static.status_code == 200
    assert "immutable" in static["Cache-Control"]
    assert (
        b"".join(static.streaming_content)
        == (static_root / manifest["css/portal.css"]).read_bytes()
    )


@pytest.mark.django_db
def test_without_the_manifest_production_storage_fails(settings, built_static, tmp_path):
    """The defect the Dockerfile had: a STATIC_ROOT with no manifest cannot render a page."""
    _, backend = built_static
    _production_static(settings, tmp_path / "empty", backend)
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Client().get("/")


@pytest.mark.django_db
def test_the_news_editor_loads_hashed_assets_of_its_own(settings, built_static, world):
    """The editor's modules (the package's and ours) come from the manifest, through the import
    map too, and the import map carries the response's CSP nonce."""
    static_root, backend = built_static
    _production_static(settings, static_root, backend)
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    officer = Client()
    officer.force_login(world.officer_a)
    response = officer.get("/cabinet/publications/new/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "django_prose_editor/editor.js",
        "django_prose_editor/editor.css",
        "js/rich-text.js",
        "js/rich-text-i18n.js",
    ):
        assert f"/static/{manifest[name]}" in html, name
        assert (static_root / manifest[name]).is_file()
    importmap = re.search(r'<script type="importmap" nonce="([^"]+)">([^<]+)</script>', html)
    assert importmap, "no import map with a nonce"
    assert f"/static/{manifest['django_prose_editor/editor.js']}" in importmap[2]
    assert f"'nonce-{importmap[1]}'" in response["Content-Security-Policy"]
    assert not re.search(r'(src|href)="(https?:)?//', html.split("<footer")[0])
