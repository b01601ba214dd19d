#!/bin/sh
# The Debian/Ubuntu packages each part of the project needs, listed here and
# nowhere else, installed when missing. The Makefile calls it before it sets up
# .venv (group parse) and before the test suite (group test); run it by hand for
# the other groups.
#
#   scripts/system-packages.sh [--dry-run] [--list] GROUP...
#
#   base       make, python3: what `make` itself needs on a bare machine
#   parse      python3-venv (to create .venv), tesseract-ocr and
#              tesseract-ocr-chi-tra (OCR of scanned PDFs)
#   test       parse + chromium and chromedriver (the browser tests)
#   roundtrip  parse + a word processor, a browser, CJK fonts and poppler, to
#              print the corpus again and read it back
#   fixtures   fonts-noto-cjk, to typeset raw_docs/ again (make fixtures)
#   typeset    parse + the CJK fonts the corpus's typesetter prints with
#              (make bench-cluster generates its corpus so)
#
# Only what dpkg does not report installed goes to apt-get, so a second run
# checks and does nothing. It installs as root, or through sudo; when it cannot
# (no apt-get, or neither root nor sudo, or apt-get fails), it prints one line
# with the command to run by hand and exits 1, so make stops before parsing.
#
#   --dry-run  print the apt-get commands instead of running them
#   --list     print the packages of the groups, one per line, and exit
#   SKIP_SYSTEM_PACKAGES=1  check nothing (another distribution, or packages
#              installed your own way)
#
# A|B names alternatives: B where A has no installation candidate (chromium is
# chromium-browser on Ubuntu). Builtins and the package tools only, so it runs
# on a bare Debian and under a test's fake PATH.

set -u

group_packages() {
  case $1 in
    base) echo "make python3" ;;
    parse) echo "python3-venv tesseract-ocr tesseract-ocr-chi-tra" ;;
    test) echo "$(group_packages parse) chromium|chromium-browser chromium-driver|chromium-chromedriver" ;;
    roundtrip)
      echo "$(group_packages parse) libreoffice-writer-nogui chromium|chromium-browser" \
        "fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai poppler-utils"
      ;;
    fixtures) echo "fonts-noto-cjk" ;;
    typeset) echo "$(group_packages parse) fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai" ;;
    *) return 1 ;;
  esac
}

usage() {
  echo "usage: $0 [--dry-run] [--list] GROUP... (groups: base parse test roundtrip fixtures typeset)" >&2
  exit 2
}

dry_run=0
list=0
groups=""
for arg in "$@"; do
  case $arg in
    --dry-run) dry_run=1 ;;
    --list) list=1 ;;
    -*) usage ;;
    *) group_packages "$arg" >/dev/null || usage; groups="$groups $arg" ;;
  esac
done
[ -n "$groups" ] || usage

wanted=""
for g in $groups; do
  for spec in $(group_packages "$g"); do
    case " $wanted " in *" $spec "*) ;; *) wanted="$wanted $spec" ;; esac
  done
done

if [ "$list" = 1 ]; then
  for spec in $wanted; do echo "$spec"; done
  exit 0
fi

if [ "${SKIP_SYSTEM_PACKAGES:-0}" != 0 ]; then
  exit 0
fi

installed() {
  # "install ok installed" only: a removed package whose configuration files
  # remain is still known to dpkg, but not there.
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

candidate() {
  case $(apt-cache policy "$1" 2>/dev/null) in
    *"Candidate: (none)"* | "") return 1 ;;
    *Candidate:*) return 0 ;;
    *) return 1 ;;
  esac
}

# Of each spec, its first name: what the messages call it.
names() {
  for spec in "$@"; do printf ' %s' "${spec%%|*}"; done
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages: no apt-get here (not Debian/Ubuntu): install the equivalents of$(names $wanted) yourself, then run make with SKIP_SYSTEM_PACKAGES=1" >&2
  exit 1
fi

missing=""
for spec in $wanted; do
  rest=$spec
  found=0
  while [ -n "$rest" ]; do
    name=${rest%%|*}
    case $rest in *"|"*) rest=${rest#*|} ;; *) rest="" ;; esac
    if installed "$name"; then found=1; break; fi
  done
  [ "$found" = 1 ] || missing="$missing $spec"
done
[ -n "$missing" ] || exit 0

# The names apt-get is given: of alternatives, the first it can install (the
# first of all when it knows none, as before `apt-get update` on a new machine).
choose() {
  for spec in $missing; do
    pick=${spec%%|*}
    rest=$spec
    while [ -n "$rest" ]; do
      name=${rest%%|*}
      case $rest in *"|"*) rest=${rest#*|} ;; *) rest="" ;; esac
      if candidate "$name"; then pick=$name; break; fi
    done
    printf ' %s' "$pick"
  done
}

apt="apt-get -o DPkg::Lock::Timeout=300"
# One line: why it cannot ($1), and the exact commands to run instead, by
# whom ($2: "sudo " or "") and how ($3: "" or " as root").
manual() {
  echo "system packages: $1; run${3:-}: $2$apt update && $2$apt install -y --no-install-recommends$(choose)" >&2
  exit 1
}

if [ "$(id -u)" = 0 ]; then
  sudo=""
  as=""
elif ! command -v sudo >/dev/null 2>&1; then
  manual "cannot install$(names $missing) (not root, and no sudo)" "" " as root"
elif [ -t 0 ]; then
  sudo="sudo"  # on a terminal, sudo may ask for the password
  as="sudo "
elif sudo -n true 2>/dev/null; then
  sudo="sudo -n"  # no terminal (CI): sudo must not wait for a password
  as="sudo "
else
  manual "cannot install$(names $missing) (sudo wants a password and there is no terminal)" "sudo "
fi

run() {
  if [ "$dry_run" = 1 ]; then
    echo "$*"
  else
    "$@"
  fi
}

if [ "$dry_run" = 1 ]; then
  verb="would install"
  exec 3>&1
else
  verb="installing"
  exec 3>/dev/null
fi
echo "system packages: $verb$(names $missing) with apt-get${sudo:+ through sudo}" >&2
run $sudo env DEBIAN_FRONTEND=noninteractive $apt update -qq || manual "apt-get update failed" "$as"
packages=$(choose)
# dpkg's progress lines are dropped (fd 3), apt-get's errors still show.
run $sudo env DEBIAN_FRONTEND=noninteractive $apt install -y -qq --no-install-recommends $packages >&3 ||
  manual "apt-get could not install$packages" "$as"
