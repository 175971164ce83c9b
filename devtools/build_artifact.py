"""Build the forwarder's Lambda artifact without Docker: `build/lambda/` and `build/lambda.zip`.

`make build` runs `python -m devtools.build_artifact`. Wheels come from pip with
`--platform/--implementation/--python-version/--only-binary=:all:` for the function's runtime
(python3.13 on arm64, Amazon Linux 2023), so the artifact is right whatever machine builds it; a
dependency without a wheel for that platform fails the build instead of shipping a wrong binary.

What goes in: the `forwarder` extra of pyproject.toml, then `lambda_forwarder/` and `emitter/`.
What stays out:
- the `cli` extra (rich, the operator command's progress display): the Lambda never shows a
  terminal; the build fails if one of its distributions ends up in the artifact anyway (pulled in
  by a forwarder dependency, say), so a dependency change cannot bloat the function unnoticed;
- boto3, botocore and s3transfer: the Lambda Python runtime provides them (`--include-boto3` ships
  them anyway, to pin a version). They are still part of pip's resolution, so that the libraries we
  do ship and botocore shares (python-dateutil, urllib3, jmespath) stay within botocore's pins:
  /var/task comes first on sys.path, so our copies are the ones the runtime's botocore imports.
- opensearch-py 3.1's dependency opensearch-protobufs and its grpcio and protobuf (about 21 MB): the
  gRPC transport is never imported by the HTTP client we use (`--keep-unused` keeps them).
- __pycache__ of the building interpreter, type stubs, console
  scripts, packages' own test suites, and the install bookkeeping in *.dist-info (METADATA,
  entry points and licences stay, for importlib.metadata and the licences' terms).
Bytecode goes in, compiled by the runtime's own Python version (python3.13 on the build machine's
PATH; bytecode does not depend on the CPU): /var/task is read-only, so without it every cold start
compiles every module it imports. The pycs are `unchecked-hash` ones, valid whatever mtimes the
zip gives the sources. Without a python3.13 the artifact ships without bytecode, and says so.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lambda_forwarder", "emitter")
PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_28_aarch64")  # AL2023 has glibc 2.34
PYTHON_VERSION = "3.13"
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
UNUSED = ("opensearch-protobufs", "grpcio", "protobuf")
OPERATOR_EXTRAS = ("cli",)  # pyproject extras for the operator's machine, never the Lambda
DIST_INFO_KEEP = ("METADATA", "entry_points.txt", "top_level.txt", "licenses")
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024
LAMBDA_DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024
EM_AARCH64 = 183
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
PYENV_VERSIONS = Path(os.environ.get("PYENV_ROOT", "~/.pyenv")).expanduser() / "versions"


class BuildError(RuntimeError):
    """The artifact cannot be built as asked (pip failed, wrong architecture, bad pyproject)."""


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Where to build and what to leave out."""

    root: Path = ROOT
    directory: Path = ROOT / "build" / "lambda"
    zip_path: Path = ROOT / "build" / "lambda.zip"
    include_boto3: bool = False
    keep_unused: bool = False
    bytecode: bool = True


@dataclass(frozen=True, slots=True)
class ArtifactReport:
    """What was built, and how big it is."""

    directory: Path
    zip_path: Path
    unzipped_bytes: int
    zipped_bytes: int
    files: int
    removed: tuple[str, ...] = ()
    largest: tuple[tuple[str, int], ...] = field(default=())
    bytecode_by: str | None = None  # the interpreter that compiled the bytecode, if any


def forwarder_requirements(pyproject: Path, include_boto3: bool = True) -> list[str]:
    """The `forwarder` extra's requirement strings, optionally without the runtime's own boto3."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    try:
        requirements = data["project"]["optional-dependencies"]["forwarder"]
    except KeyError:
        raise BuildError(f"{pyproject} has no [project.optional-dependencies] forwarder") from None
    if include_boto3:
        return list(requirements)
    runtime = {canonicalize_name(name) for name in RUNTIME_PROVIDED}
    return [r for r in requirements if canonicalize_name(Requirement(r).name) not in runtime]


def operator_only(pyproject: Path) -> list[str]:
    """Distribution names of the operator-only extras (`cli`), canonicalized."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    extras = data.get("project", {}).get("optional-dependencies", {})
    return sorted(
        {
            canonicalize_name(Requirement(requirement).name)
            for extra in OPERATOR_EXTRAS
            for requirement in extras.get(extra, ())
        }
    )


def check_operator_only_absent(directory: Path, names: Iterable[str]) -> None:
    """Raise if a distribution of the operator-only extras was installed into the artifact."""
    present = {canonicalize_name(info.name.split("-")[0]) for info in directory.glob("*.dist-info")}
    found = sorted(set(names) & present)
    if found:
        raise BuildError(
            f"{', '.join(found)} (the `cli` extra, operator-only) ended up in the Lambda artifact"
        )


def pip_install(requirements: Sequence[str], target: Path) -> None:
    """Install wheels for the Lambda platform into `target` (never the building machine's)."""
    command = [sys.executable, "-m", "pip", "install", "--target", str(target)]
    for platform in PLATFORMS:
        command += ["--platform", platform]
    command += [
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--only-binary=:all:",
        "--upgrade",
        "--no-compile",
        "--disable-pip-version-check",
        "--quiet",
        *requirements,
    ]
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise BuildError(f"pip install failed (exit {result.returncode}): {' '.join(command)}")


def _dist_info(target: Path, name: str) -> Path | None:
    wanted = canonicalize_name(name)
    for info in target.glob("*.dist-info"):
        if canonicalize_name(info.name.removesuffix(".dist-info").rsplit("-", 1)[0]) == wanted:
            return info
    return None


def remove_distribution(target: Path, name: str) -> bool:
    """Delete every file an installed distribution's RECORD lists; False if it is not there."""
    info = _dist_info(target, name)
    if info is None:
        return False
    root = target.resolve()
    directories: set[Path] = set()
    for line in (info / "RECORD").read_text(encoding="utf-8").splitlines():
        relative = line.rsplit(",", 2)[0]
        path = (target / relative).resolve()
        if not relative or not path.is_relative_to(root) or path == root:
            continue  # e.g. console scripts recorded outside the target
        directories.update(p for p in path.parents if p.is_relative_to(root) and p != root)
        path.unlink(missing_ok=True)
    shutil.rmtree(info, ignore_errors=True)
    for directory in sorted(directories, key=lambda p: len(p.parts), reverse=True):
        _remove_if_empty(directory)
    return True


def _remove_if_empty(directory: Path) -> None:
    pycache = directory / "__pycache__"
    if pycache.is_dir():
        shutil.rmtree(pycache)
    if directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()


def strip(target: Path) -> None:
    """Remove what the runtime never reads: bytecode, stubs, scripts, install bookkeeping."""
    shutil.rmtree(target / "bin", ignore_errors=True)
    for pycache in list(target.rglob("__pycache__")):
        shutil.rmtree(pycache, ignore_errors=True)
    for tests in target.glob("*/tests"):  # packages' own test suites (events, certifi)
        if tests.is_dir():
            shutil.rmtree(tests)
    for pattern in ("*.pyc", "*.pyi"):
        for path in target.rglob(pattern):
            path.unlink()
    for info in target.glob("*.dist-info"):
        for entry in info.iterdir():
            if entry.name in DIST_INFO_KEEP or entry.name.upper().startswith(
                ("LICENSE", "COPYING")
            ):
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def copy_packages(root: Path, target: Path, packages: Iterable[str] = PACKAGES) -> None:
    """Our own code, as in the source tree minus bytecode."""
    for package in packages:
        destination = target / package
        shutil.rmtree(destination, ignore_errors=True)
        shutil.copytree(
            root / package, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )


def runtime_python() -> str | None:
    """A python3.13 (the function's runtime version): on PATH, or one pyenv installed; None."""
    name = f"python{PYTHON_VERSION}"
    candidates = [shutil.which(name), *sorted(glob.glob(str(PYENV_VERSIONS / "*" / "bin" / name)))]
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == PYTHON_VERSION:
            return candidate
    return None


def compile_bytecode(target: Path, python: str) -> None:
    """`__pycache__/*.cpython-313.pyc` for every module in `target`, by the runtime's version."""
    command = [
        python,
        "-m",
        "compileall",
        "-q",
        "-j",
        "0",
        "--invalidation-mode",
        "unchecked-hash",
        str(target),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"compileall failed (exit {result.returncode}): {result.stdout[-2000:]}")


def check_architecture(target: Path) -> int:
    """Every native library must be for arm64 (ELF e_machine 183); returns how many there are."""
    count = 0
    for path in target.rglob("*.so*"):
        if not path.is_file():
            continue
        header = path.read_bytes()[:20]
        if header[:4] != b"\x7fELF":
            continue
        count += 1
        machine = int.from_bytes(header[18:20], "little" if header[5] == 1 else "big")
        if machine != EM_AARCH64:
            raise BuildError(
                f"{path.relative_to(target)} is not an arm64 library (e_machine {machine})"
            )
    return count


def write_zip(directory: Path, zip_path: Path) -> int:
    """A reproducible zip (sorted names, fixed times, world-readable modes); returns its size."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = zip_path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(directory).as_posix(), ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    temporary.replace(zip_path)
    return zip_path.stat().st_size


def _sizes(directory: Path) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    per_top: dict[str, int] = {}
    total = files = 0
    for path in directory.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            top = path.relative_to(directory).parts[0]
            per_top[top] = per_top.get(top, 0) + size
    largest = tuple(sorted(per_top.items(), key=lambda item: -item[1])[:8])
    return total, files, largest


def build(options: BuildOptions | None = None) -> ArtifactReport:
    """Build the directory and the zip from scratch."""
    options = options or BuildOptions()
    shutil.rmtree(options.directory, ignore_errors=True)
    options.directory.mkdir(parents=True)
    pip_install(forwarder_requirements(options.root / "pyproject.toml"), options.directory)
    removed = [
        name
        for name in (() if options.include_boto3 else RUNTIME_PROVIDED)
        + (() if options.keep_unused else UNUSED)
        if remove_distribution(options.directory, name)
    ]
    strip(options.directory)
    check_operator_only_absent(options.directory, operator_only(options.root / "pyproject.toml"))
    copy_packages(options.root, options.directory)
    check_architecture(options.directory)
    python = runtime_python() if options.bytecode else None
    if python is not None:
        compile_bytecode(options.directory, python)
    unzipped, files, largest = _sizes(options.directory)
    if unzipped > LAMBDA_UNZIPPED_LIMIT:
        raise BuildError(f"{unzipped} bytes unzipped is over Lambda's 250 MB limit")
    zipped = write_zip(options.directory, options.zip_path)
    return ArtifactReport(
        options.directory,
        options.zip_path,
        unzipped,
        zipped,
        files,
        tuple(removed),
        largest,
        python,
    )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.build_artifact",
        description="Build build/lambda/ and build/lambda.zip (python3.13, arm64) without Docker.",
    )
    parser.add_argument(
        "--include-boto3",
        action="store_true",
        help="ship boto3/botocore instead of using the Lambda runtime's",
    )
    parser.add_argument(
        "--keep-unused",
        action="store_true",
        help="keep opensearch-protobufs, grpcio and protobuf (never imported by the forwarder)",
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help=f"ship sources only (by default python{PYTHON_VERSION} compiles them, if on PATH)",
    )
    args = parser.parse_args(argv)
    options = BuildOptions(
        include_boto3=args.include_boto3,
        keep_unused=args.keep_unused,
        bytecode=not args.no_bytecode,
    )
    try:
        report = build(options)
    except BuildError as error:
        print(f"build_artifact: {error}", file=sys.stderr)
        return 1
    root = options.root
    print(f"left out (see devtools/build_artifact.py): {', '.join(report.removed) or 'nothing'}")
    if report.bytecode_by:
        print(f"bytecode: compiled by {report.bytecode_by} (unchecked-hash pycs)")
    elif options.bytecode:
        print(f"note: no python{PYTHON_VERSION} on PATH: no bytecode, each cold start compiles")
    for name, size in report.largest:
        print(f"  {_mb(size):>9}  {name}")
    print(
        f"{report.directory.relative_to(root)}/: {_mb(report.unzipped_bytes)} unzipped "
        f"({report.unzipped_bytes} bytes, {report.files} files; Lambda limit 250 MB)"
    )
    print(
        f"{report.zip_path.relative_to(root)}: {_mb(report.zipped_bytes)} zipped "
        f"({report.zipped_bytes} bytes; direct upload limit 50 MB)"
    )
    if report.zipped_bytes > LAMBDA_DIRECT_UPLOAD_LIMIT:
        print("note: over 50 MB zipped; `sam deploy` uploads it through S3, which is fine.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
