"""The HTTP floor: the requests a `pulumi` operation makes, sent by a plain httpx script.

    python -m benchmarks.floor create|get|delete --url U --key-file F --n N --concurrency C
        [--body-file B] [--ids-file I] [--out O]

Threads sharing one pooled httpx.Client, as in the provider, but nothing else: no engine, no
validation, no retries. It imports only httpx and the standard library, so its wall time (process
start included, as for `pulumi`) is the least a script can take for the same requests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

MEDIA_TYPE = "application/vnd.mperf.v8.import.v1+json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floor")
    parser.add_argument("op", choices=["create", "get", "delete"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--key-file", type=Path, required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--body-file", type=Path, help="create: the wire body; NAME is replaced by the import name")
    parser.add_argument("--ids-file", type=Path, help="get/delete: a JSON list of import ids")
    parser.add_argument("--out", type=Path, help="where to write the ids created and the timings (JSON)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    key = args.key_file.read_text().strip()
    headers = {"X-Key": key, "Accept": MEDIA_TYPE, "User-Agent": "np6-bench-floor"}
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    statuses: Counter[int] = Counter()
    ids: list[int] = []

    with httpx.Client(base_url=args.url, headers=headers, limits=limits, timeout=60) as client:
        if args.op == "create":
            template = args.body_file.read_text()

            def one(index: int) -> None:
                body = json.loads(template.replace("NAME", f"floor-{index:05d}"))
                response = client.post("/imports", json=body)
                statuses[response.status_code] += 1
                if response.status_code == 200:
                    ids.append(int(response.json()["id"]))

            work = list(range(args.n))
        else:
            work = json.loads(args.ids_file.read_text())[: args.n]
            method = "GET" if args.op == "get" else "DELETE"

            def one(import_id: int) -> None:  # type: ignore[misc]
                response = client.request(method, f"/imports/{import_id}")
                statuses[response.status_code] += 1
                if method == "GET":
                    response.json()

        requests_started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            list(pool.map(one, work))
        requests_seconds = time.perf_counter() - requests_started

    result = {
        "op": args.op,
        "n": len(work),
        "concurrency": args.concurrency,
        "requests_seconds": round(requests_seconds, 3),
        "script_seconds_inside": round(time.perf_counter() - started, 3),
        "statuses": {str(k): v for k, v in statuses.items()},
        "ids": sorted(ids),
    }
    if args.out:
        args.out.write_text(json.dumps(result))
    ok = {"create": 200, "get": 200, "delete": 204}[args.op]
    if statuses.get(ok, 0) != len(work):
        print(f"floor {args.op}: unexpected statuses {dict(statuses)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
