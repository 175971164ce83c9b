"""devtools.build_artifact: the Lambda artifact, built for real (wheels from the package index)
and checked for what the python3.13 arm64 runtime needs."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from devtools.build_artifact import (
    ROOT,
    ArtifactReport,
    BuildError,
    BuildOptions,
    build,
    check_architecture,
    check_operator_only_absent,
    forwarder_requirements,
    operator_only,
    remove_distribution,
    runtime_python,
    write_zip,
)

# --- fast unit checks ---------------------------------------------------------------------------


def test_requirements_come_from_the_forwarder_extra_without_boto3() -> None:
    with_boto3 = forwarder_requirements(ROOT / "pyproject.toml")
    without = forwarder_requirements(ROOT / "pyproject.toml", include_boto3=False)
    assert any(r.startswith("boto3") for r in with_boto3)
    assert not any(r.startswith(("boto3", "botocore")) for r in without)
    assert any(r.startswith("opensearch-py") for r in without)
    assert len(with_boto3) == len(without) + 1


def test_the_cli_extra_is_operator_only(tmp_path: Path) -> None:
    """rich (the progress display) is in the `cli` extra, not the forwarder's; a build that
    finds one of its distributions in the artifact fails instead of shipping it."""
    assert operator_only(ROOT / "pyproject.toml") == ["rich"]
    assert not any(r.startswith("rich") for r in forwarder_requirements(ROOT / "pyproject.toml"))
    (tmp_path / "opensearch_py-3.1.0.dist-info").mkdir()
    check_operator_only_absent(tmp_path, ["rich"])
    (tmp_path / "rich-14.0.0.dist-info").mkdir()
    with pytest.raises(BuildError, match="rich"):
        check_operator_only_absent(tmp_path, ["rich"])


def test_remove_distribution_deletes_only_what_its_record_lists(tmp_path: Path) -> None:
    (tmp_path / "gone").mkdir()
    (tmp_path / "gone" / "__init__.py").write_text("")
    (tmp_path / "gone" / "sub").mkdir()
    (tmp_path / "gone" / "sub" / "m.py").write_text("")
    (tmp_path / "kept.py").write_text("")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("not ours")
    info = tmp_path / "gone-1.0.dist-info"
    info.mkdir()
    record = [
        "gone/__init__.py,sha256=x,0",
        "gone/sub/m.py,sha256=x,0",
        f"../{outside.name},,",
        "gone-1.0.dist-info/RECORD,,",
    ]
    (info / "RECORD").write_text("\n".join(record) + "\n")
    assert remove_distribution(tmp_path, "Gone") is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.py"]
    assert outside.read_text() == "not ours"  # never outside the target
    assert remove_distribution(tmp_path, "gone") is False
    outside.unlink()


def test_check_architecture_rejects_x86_64(tmp_path: Path) -> None:
    elf = bytearray(64)
    elf[:4] = b"\x7fELF"
    elf[5] = 1  # little endian
    elf[18:20] = (62).to_bytes(2, "little")  # EM_X86_64
    (tmp_path / "fast.cpython-313-x86_64-linux-gnu.so").write_bytes(bytes(elf))
    with pytest.raises(BuildError, match="not an arm64 library"):
        check_architecture(tmp_path)
    elf[18:20] = (183).to_bytes(2, "little")  # EM_AARCH64
    (tmp_path / "fast.cpython-313-x86_64-linux-gnu.so").write_bytes(bytes(elf))
    assert check_architecture(tmp_path) == 1


# --- the real build -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> ArtifactReport:
    out = tmp_path_factory.mktemp("artifact")
    return build(BuildOptions(directory=out / "lambda", zip_path=out / "lambda.zip"))


def _names(report: ArtifactReport) -> list[str]:
    with zipfile.ZipFile(report.zip_path) as zf:
        return zf.namelist()


@pytest.mark.slow
def test_artifact_holds_our_code_and_the_runtime_dependencies(artifact: ArtifactReport) -> None:
    names = set(_names(artifact))
    for required in (
        "lambda_forwarder/handler.py",
        "lambda_forwarder/config.py",
        "emitter/__init__.py",
        "opensearchpy/__init__.py",
        "requests_aws4auth/__init__.py",
        "aws_lambda_powertools/__init__.py",
        "opensearch_py-3.1.0.dist-info/METADATA",
        "hyperscan/__init__.py",  # the redactor's batch scan (sanitize/prescan.py), arm64 build
        "msgspec/__init__.py",  # the value types (model, config), arm64 build
    ):
        assert required in names
    tops = {name.split("/", 1)[0] for name in names}
    assert not tops & {"boto3", "botocore", "s3transfer", "grpc", "google", "bin", "rich"}
    assert not [n for n in names if n.endswith(".pyi")]
    foreign = [n for n in names if n.endswith(".pyc") and ".cpython-313." not in n]
    assert not foreign  # only the runtime's own version's bytecode
    assert not [n for n in names if n.endswith(".dist-info/RECORD")]
    assert set(artifact.removed) == {
        "boto3",
        "botocore",
        "s3transfer",
        "opensearch-protobufs",
        "grpcio",
        "protobuf",
    }


@pytest.mark.slow
def test_artifact_sizes_are_reported_truly(artifact: ArtifactReport) -> None:
    files = [p for p in artifact.directory.rglob("*") if p.is_file()]
    assert artifact.files == len(files) == len(_names(artifact))
    assert artifact.unzipped_bytes == sum(p.stat().st_size for p in files)
    assert artifact.zipped_bytes == artifact.zip_path.stat().st_size
    assert 0 < artifact.zipped_bytes < artifact.unzipped_bytes < 250 * 1024 * 1024


@pytest.mark.slow
def test_native_libraries_are_arm64_and_files_world_readable(artifact: ArtifactReport) -> None:
    assert check_architecture(artifact.directory) >= 1  # charset_normalizer ships compiled code
    with zipfile.ZipFile(artifact.zip_path) as zf:
        assert {info.external_attr >> 16 for info in zf.infolist()} == {0o644}


@pytest.mark.slow
def test_zip_is_reproducible(artifact: ArtifactReport, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    write_zip(artifact.directory, again)
    digest = hashlib.sha256(again.read_bytes()).hexdigest()
    assert digest == hashlib.sha256(artifact.zip_path.read_bytes()).hexdigest()


def _runtime_shim(tmp_path: Path) -> Path:
    """Stands in for the Lambda runtime's own boto3/botocore/s3transfer (/var/runtime)."""
    shim = tmp_path / "runtime"
    shim.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for name in ("boto3", "botocore", "s3transfer"):
        (shim / name).symlink_to(site / name, target_is_directory=True)
    return shim


# Shipped libraries that are native code only and that the handler needs at import: their arm64
# builds cannot load on this machine, so the same version built for it stands in (fetched from
# the package index like the artifact's own wheels), ahead of the artifact on the path.
_NATIVE_AT_IMPORT = ("msgspec",)


def _native_standins(artifact: ArtifactReport, python: str | Path, into: Path) -> Path:
    """A directory with this machine's build of each `_NATIVE_AT_IMPORT` library, at the version
    the artifact ships, for the interpreter `python`."""
    into.mkdir()
    version = subprocess.run(
        [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    wheels = into / "wheels"
    for name in _NATIVE_AT_IMPORT:
        (info,) = artifact.directory.glob(f"{name}-*.dist-info")
        pinned = info.name.removesuffix(".dist-info").replace("-", "==", 1)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", pinned,
             "--only-binary=:all:", "--implementation", "cp", "--python-version", version,
             "--platform", f"manylinux2014_{platform.machine()}", "--dest", str(wheels)],
            check=True,
            timeout=300,
        )  # fmt: skip
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(into)
    return into


def _import_in_isolation(artifact: ArtifactReport, shim: Path, modules: list[str]) -> str:
    native = _native_standins(artifact, sys.executable, shim.parent / "native")
    code = (
        "import importlib, sys\n"
        f"sys.path[:0] = [{str(native)!r}, {str(artifact.directory)!r}]\n"
        f"sys.path.append({str(shim)!r})\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('grpc', 'google')]\n"
        "assert not loaded, loaded\n"
        "import opensearchpy, dateutil\n"
        f"assert opensearchpy.__file__.startswith({str(artifact.directory)!r})\n"
        f"assert dateutil.__file__.startswith({str(artifact.directory)!r})\n"
        "print('ok')\n"
    )
    # -S: no site-packages either: only the artifact, the stdlib and the shim.
    return _run_isolated(sys.executable, ["-S"], code, shim)


def _run_isolated(python: str | Path, flags: list[str], code: str, home: Path) -> str:
    """`code` run by `python -I` (no PYTHONPATH, no user site) in `home`, with a bare
    environment; its stdout, after checking that it succeeded."""
    env = {"PATH": os.environ.get("PATH", ""), "AWS_REGION": "eu-west-1", "HOME": str(home)}
    result = subprocess.run(
        [str(python), "-I", *flags, "-c", code],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_dependencies_import_from_the_artifact_alone(
    artifact: ArtifactReport, tmp_path: Path
) -> None:
    """The shipped libraries import with nothing but the stdlib and the runtime's boto3, and
    without the pruned gRPC packages. (Pure Python: the arm64 .so files cannot load here, and
    charset_normalizer falls back to its Python implementation, as it is designed to; msgspec,
    native only, is stood in by this machine's build of the version shipped.)"""
    modules = [
        "opensearchpy",
        "opensearchpy.helpers",
        "requests_aws4auth",
        "aws_lambda_powertools",
        "aws_lambda_powertools.metrics",
        "aws_lambda_powertools.utilities.batch",
        "aws_lambda_powertools.utilities.parameters",
        "aws_lambda_powertools.utilities.data_classes",
        "lambda_forwarder.config",
        "emitter",
    ]
    assert _import_in_isolation(artifact, _runtime_shim(tmp_path), modules).strip() == "ok"


@pytest.mark.slow
@pytest.mark.skipif(runtime_python() is None, reason="no python3.13 on PATH to run the artifact")
def test_the_runtime_imports_the_handler_from_shipped_bytecode(
    artifact: ArtifactReport, tmp_path: Path
) -> None:
    """Under python3.13 (the runtime's version) and a read-only-like, no-write set-up, importing
    the handler from the artifact compiles no module from source: every one loads its pyc."""
    assert artifact.bytecode_by is not None
    native = _native_standins(artifact, artifact.bytecode_by, tmp_path / "native")
    code = (
        "import importlib._bootstrap_external as ext, sys\n"
        "sys.dont_write_bytecode = True\n"
        f"sys.path[:0] = [{str(native)!r}, {str(artifact.directory)!r}]\n"
        "compiled = []\n"
        "original = ext.SourceLoader.source_to_code\n"
        "def spy(self, data, path, **kw):\n"
        "    compiled.append(path)\n"
        "    return original(self, data, path, **kw)\n"
        "ext.SourceLoader.source_to_code = spy\n"
        "import lambda_forwarder.handler\n"
        f"ours = [p for p in compiled if p.startswith({str(artifact.directory)!r})]\n"
        "print(len(ours), ours[:5])\n"
    )
    # The runtime's boto3 is not part of the artifact; the build machine's stands in, if any.
    assert _run_isolated(artifact.bytecode_by, [], code, tmp_path).strip() == "0 []"


def _handler_imports_in_dev_env() -> bool:
    result = subprocess.run(
        [sys.executable, "-c", "import lambda_forwarder.handler"],
        cwd=ROOT,
        env={**os.environ, "AWS_REGION": "eu-west-1"},
        capture_output=True,
        check=False,
        timeout=120,
    )
    return result.returncode == 0


@pytest.mark.slow
def test_handler_imports_from_the_artifact_alone(artifact: ArtifactReport, tmp_path: Path) -> None:
    """The handler module named in template.yaml imports from the artifact (skipped while the
    source tree's own handler does not import yet)."""
    if not _handler_imports_in_dev_env():
        pytest.skip("lambda_forwarder.handler does not import in the dev environment yet")
    shim = _runtime_shim(tmp_path)
    assert _import_in_isolation(artifact, shim, ["lambda_forwarder.handler"]).strip() == "ok"
