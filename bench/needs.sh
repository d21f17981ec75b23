# Sourced by the bench scripts: checks every tool a script uses before it starts, and names the
# Debian/Ubuntu packages that provide the missing ones, instead of failing midway through a run.
#   needs CHECK...   CHECK is a command (hyperfine, convert, bc, mvn, java, /usr/bin/time) or
#                    py:MODULE for a module of Debian's /usr/bin/python3 (numpy, PIL, torch, torchvision)
needs() {
  local missing=() pkgs=() c pkg
  for c in "$@"; do
    case "$c" in
      py:*)
        [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import ${c#py:}" 2>/dev/null && continue
        case "${c#py:}" in
          PIL) pkg=python3-pil ;;
          *) pkg=python3-${c#py:} ;;
        esac
        [ -x /usr/bin/python3 ] || pkg="python3 $pkg"
        missing+=("python module ${c#py:} (for /usr/bin/python3)") ;;
      *)
        command -v "$c" >/dev/null 2>&1 && continue
        case "$c" in
          convert) pkg=imagemagick ;;
          /usr/bin/time) pkg=time ;;
          /usr/bin/python3) pkg=python3 ;;
          mvn) pkg=maven ;;
          java) pkg=openjdk-17-jdk-headless ;;
          *) pkg=$c ;;
        esac
        missing+=("$c") ;;
    esac
    pkgs+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$(basename "$0"): missing: $(IFS=,; echo "${missing[*]}" | sed 's/,/, /g')" >&2
    echo "install with: sudo apt-get install ${pkgs[*]}" >&2
    exit 1
  fi
}
