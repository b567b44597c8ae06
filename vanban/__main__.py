try:
    from .cli import entry
except KeyboardInterrupt:  # Ctrl-C while Python is still loading vanban: nothing was started, nothing to say
    raise SystemExit(130) from None

entry()
