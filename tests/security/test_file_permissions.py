"""Files the site writes in production are readable by the site's user only."""

import json
import stat
import textwrap
from pathlib import Path

from tests.practice_site.test_settings import PROD_ENV, run_manage

# Writes through the site's own code while a database connection is open (so the -wal and -shm
# files exist), then lists the mode of everything in the temporary deployment.
WRITE_AND_LIST = textwrap.dedent(
    """
    import io, json, os
    from pathlib import Path
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from PIL import Image
    from gallery import services
    from procedures.models import ProcedureGroup

    ProcedureGroup.objects.create(title="Nerve surgery", slug="nerve-surgery", summary="s")
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 40, 40)).save(buffer, "JPEG")
    services.upload_photo(SimpleUploadedFile("face.jpg", buffer.getvalue(), "image/jpeg"))
    root = Path(settings.MEDIA_ROOT).parent
    modes = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            modes[str(path.relative_to(root))] = oct(path.stat().st_mode & 0o777)
    print(json.dumps(modes))
    """
)


def test_database_and_media_are_private_to_the_sites_user(tmp_path):
    env = {
        **PROD_ENV,
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    assert run_manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    result = run_manage("shell", "-c", WRITE_AND_LIST, env=env)
    assert result.returncode == 0, result.stderr
    modes = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "media"} <= set(modes)
    renditions = [name for name in modes if name.endswith(".webp")]
    assert renditions, modes
    for name, mode in modes.items():
        expected = "0o700" if (tmp_path / name).is_dir() else "0o600"
        assert mode == expected, f"{name} is {mode}"


def test_a_folder_made_outside_django_storage_is_private_too(tmp_path):
    """The umask covers what Django's storage settings do not: anything a command writes."""
    env = {**PROD_ENV, "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    code = "from pathlib import Path; Path('made-by-a-command').mkdir(); Path('f').write_text('x')"
    result = run_manage("shell", "-c", code, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "made-by-a-command").stat().st_mode) == 0o700
    assert stat.S_IMODE(Path(tmp_path, "f").stat().st_mode) == 0o600
