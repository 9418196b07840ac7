"""Backup and restore of an installation: the PostgreSQL database (pg_dump custom format), the
public media and the private media, in one tar.gz with a manifest.json.

Archive layout::

    manifest.json      portal version, date, database name, file counts
    database.dump      pg_dump --format=custom
    media/...          public media (STORAGES["default"])
    private/...        private media (STORAGES["private"])

The programs run without a shell, with the credentials of settings.DATABASES (the password goes
through the environment, never on a command line). A restore checks every member of the archive
before it writes anything: only regular files under media/ and private/, no absolute paths, no
«..», no links or devices.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
# Archive folder -> storage alias.
MEDIA_FOLDERS = {"media": "default", "private": "private"}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict


def portal_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as pyproject:
        return tomllib.load(pyproject)["project"]["version"]


def _database() -> dict:
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    if "postgresql" not in database["ENGINE"]:
        raise ValidationError(
            "Резервное копирование поддерживает только PostgreSQL (сейчас: %(engine)s).",
            code="not_postgresql",
            params={"engine": database["ENGINE"]},
        )
    return database


def _program(name: str) -> str:
    """pg_dump/pg_restore of the server's major version (Debian keeps one per version under
    /usr/lib/postgresql/<major>/bin), else the one on PATH; PORTAL_PG_BIN_DIR overrides."""
    configured = getattr(settings, "PORTAL_PG_BIN_DIR", "")
    candidates = [Path(configured) / name] if configured else []
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    major = connection.pg_version // 10000
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin") / name)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise ValidationError(
            "Не найдена программа %(name)s (клиент PostgreSQL %(major)s).",
            code="no_program",
            params={"name": name, "major": major},
        )
    return found


def _connection_arguments(database: dict) -> tuple[list[str], dict]:
    arguments = ["--dbname", database["NAME"]]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    environment = {**os.environ}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(  # noqa: S603 (a fixed program and arguments, no shell)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ValidationError(
            "%(program)s завершилась с ошибкой: %(error)s",
            code="program_failed",
            params={"program": Path(command[0]).name, "error": result.stderr.strip()[-2000:]},
        )


def _media_root(alias: str) -> Path:
    storage = storages[alias]
    if not isinstance(storage, FileSystemStorage):
        raise ValidationError(
            "Файлы хранилища «%(alias)s» лежат не на диске (%(cls)s): копируйте их средствами "
            "самого хранилища.",
            code="not_file_system",
            params={"alias": alias, "cls": type(storage).__name__},
        )
    return Path(storage.location)


def _files(root: Path) -> list[Path]:
    """Regular files under the folder (links are not followed and not kept)."""
    if not root.is_dir():
        return []
    found = []
    for folder, directories, names in os.walk(root, followlinks=False):
        directories.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def backup_create(*, path: Path) -> BackupResult:
    """Write the database and both media folders into one tar.gz at ``path``."""
    database = _database()
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        dump = Path(work) / DATABASE_DUMP
        arguments, environment = _connection_arguments(database)
        _run(
            [
                _program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(dump),
                *arguments,
            ],
            environment,
        )
        folders = {folder: _media_root(alias) for folder, alias in MEDIA_FOLDERS.items()}
        files = {folder: _files(root) for folder, root in folders.items()}
        manifest = {
            "format": ARCHIVE_FORMAT,
            "portal_version": portal_version(),
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "database": database["NAME"],
            "postgresql_server": connections[DEFAULT_DB_ALIAS].pg_version,
            "files": {folder: len(found) for folder, found in files.items()},
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        # Written next to the target and renamed at the end: a failed run leaves no half archive.
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(dump, arcname=DATABASE_DUMP)
            for folder, found in files.items():
                for file in found:
                    relative = file.relative_to(folders[folder]).as_posix()
                    archive.add(file, arcname=f"{folder}/{relative}", recursive=False)
        partial.replace(path)
    return BackupResult(path=path, manifest=manifest)


def _check_member(member: tarfile.TarInfo) -> str | None:
    """The archive folder of a member, or None for the manifest and the dump; raises for a
    member that could write outside the target folders."""
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts or "\\" in member.name:
        raise ValidationError(
            "В архиве недопустимый путь «%(name)s».",
            code="unsafe_path",
            params={"name": member.name},
        )
    if not (member.isfile() or member.isdir()):
        raise ValidationError(
            "В архиве ссылка или особый файл «%(name)s»: такие архивы не восстанавливаются.",
            code="unsafe_member",
            params={"name": member.name},
        )
    if member.name in (MANIFEST, DATABASE_DUMP):
        return None
    folder = name.parts[0]
    if folder not in MEDIA_FOLDERS or (len(name.parts) < 2 and member.isfile()):
        raise ValidationError(
            "В архиве лишний файл «%(name)s».", code="unknown_member", params={"name": member.name}
        )
    return folder


def backup_read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read().decode("utf-8"))
    except (KeyError, AttributeError, ValueError):
        raise ValidationError(
            "Это не резервная копия портала: нет manifest.json.", code="no_manifest"
        ) from None
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise ValidationError(
            "Неизвестный формат резервной копии: %(format)s.",
            code="unknown_format",
            params={"format": manifest.get("format")},
        )
    return manifest


def database_is_empty() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def backup_restore(*, path: Path, force: bool = False) -> dict:
    """Restore an archive of backup_create into this installation; return its manifest.

    Refuses a database that already has tables unless ``force`` (then the archive's objects
    replace those of the same name)."""
    database = _database()
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise ValidationError(
            "Не удалось открыть архив %(path)s: %(error)s",
            code="bad_archive",
            params={"path": path, "error": error},
        ) from None
    with archive:
        manifest = backup_read_manifest(archive)
        members = [(member, _check_member(member)) for member in archive.getmembers()]
        if DATABASE_DUMP not in archive.getnames():
            raise ValidationError("В архиве нет базы данных.", code="no_dump")
        if not force and not database_is_empty():
            raise ValidationError(
                "База данных %(name)s не пуста. Восстанавливайте в пустую базу или добавьте "
                "--force, чтобы заменить её содержимое.",
                code="not_empty",
                params={"name": database["NAME"]},
            )
        roots = {folder: _media_root(alias) for folder, alias in MEDIA_FOLDERS.items()}
        with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
            dump = Path(work) / DATABASE_DUMP
            with archive.extractfile(DATABASE_DUMP) as source, open(dump, "wb") as target:
                shutil.copyfileobj(source, target)
            arguments, environment = _connection_arguments(database)
            command = [_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
            if force:
                command += ["--clean", "--if-exists"]
            else:
                command += ["--single-transaction"]
            connections[DEFAULT_DB_ALIAS].close()
            _run([*command, *arguments, str(dump)], environment)
        for member, folder in members:
            if folder is None or not member.isfile():
                continue
            root = roots[folder].resolve()
            target = (root / PurePosixPath(member.name).relative_to(folder)).resolve()
            if not target.is_relative_to(root):  # belt and braces after _check_member
                raise ValidationError("В архиве недопустимый путь.", code="unsafe_path")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as output:
                shutil.copyfileobj(source, output)
    return manifest
