"""The web chat: `python app.py [--index-dir DIR] [--host HOST] [--port PORT] [--auth USER:PASSWORD]`.

The same as `yttrande-qa [--index-dir DIR] serve [...]`: the index folder, host, port and login also
follow $YTTRANDE_QA_INDEX, $GRADIO_SERVER_NAME, $GRADIO_SERVER_PORT and $YTTRANDE_QA_AUTH.
"""

import sys
from itertools import islice

from yttrande_qa.cli import main

GROUP_OPTIONS = ("--index-dir", "--model")  # options of `yttrande-qa` itself, given before `serve`


def serve_argv(args: list[str]) -> list[str]:
    """`yttrande-qa` arguments for these `app.py` arguments."""
    group, rest = [], []
    remaining = iter(args)
    for arg in remaining:
        if arg.split("=", 1)[0] in GROUP_OPTIONS:
            group += [arg] if "=" in arg else [arg, *islice(remaining, 1)]
        elif arg in ("-v", "--verbose"):
            group.append(arg)
        else:
            rest.append(arg)
    return [*group, "serve", *rest]


if __name__ == "__main__":
    sys.argv[1:] = serve_argv(sys.argv[1:])
    main()
