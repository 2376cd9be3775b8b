import json
import pytest
from pathlib import Path
from tissage.directory.hsds.jsonio import import_json, export_json

EX = Path("tissage/testdata/hsds-examples")

def diff(a, b, path="$"):
    out = []
    if isinstance(a, dict):
        if not isinstance(b, dict): return [f"{path}: {type(b)}"]
        for k in a:
            if k not in b: out.append(f"{path}.{k}: missing (was {json.dumps(a[k])[:60]})")
            else: out += diff(a[k], b[k], f"{path}.{k}")
        for k in b:
            if k not in a: out.append(f"{path}.{k}: extra {json.dumps(b[k])[:60]}")
    elif isinstance(a, list):
        if len(a) != len(b): return [f"{path}: len {len(a)} vs {len(b)}"]
        for i,(x,y) in enumerate(zip(a,b)): out += diff(x,y,f"{path}[{i}]")
    elif a != b: out.append(f"{path}: {a!r} vs {b!r}")
    return out

@pytest.mark.django_db
def test_scratch():
    data = (EX / "organization_full.json").read_bytes().replace(b" A driver's license which shows your name, photograph, and address can be used as a sole identification document.", b"")
    r = import_json(data, language="en")
    out = export_json("en", staff=True)
    orig = json.loads(data)
    print("\n".join(diff(orig, out[0])))
    assert 0
