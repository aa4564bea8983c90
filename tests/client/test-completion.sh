#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The shell completion of scenectl (data/completion/), driven as bash
# drives it: COMP_WORDS split at the word breaks as readline splits them,
# the completion function called, COMPREPLY compared. The lists it holds
# (commands, options, -o keys) are checked against "scenectl --help" and
# the option table, so they cannot drift. Session ids come from the built
# scened on a private bus whose activation directory would start it: with
# no service running, completing a SESSION must leave it unstarted.
# Where zsh and fish are installed, their files are syntax-checked and
# driven too (zsh through a pseudo-terminal, fish with "complete -C").
#
# Environment (set by meson): SCENECTL, SCENED_BINARY, SCENED_SOURCE_ROOT.
# Skipped (77) without bash-completion's framework, dbus-daemon or gdbus.

framework=${BASH_COMPLETION_FRAMEWORK:-/usr/share/bash-completion/bash_completion}
completion_dir=$SCENED_SOURCE_ROOT/data/completion

if [[ ! -r $framework ]]; then
  echo "SKIP: bash-completion is not installed ($framework is missing)"
  exit 77
fi
for tool in dbus-daemon gdbus; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed"
    exit 77
  fi
done

if [[ ! -x $SCENECTL || ! -x $SCENED_BINARY ]]; then
  echo "SCENECTL ($SCENECTL) or SCENED_BINARY ($SCENED_BINARY) is not built: run meson test"
  exit 1
fi

tmp=$(mktemp -d)
bus_pid=""
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  # The service was started by the bus: its own pid file says which it is.
  local pid i
  if [[ -s $tmp/scened.pid ]]; then
    pid=$(cat "$tmp/scened.pid")
    kill "$pid" 2>/dev/null
    # Gone before its data directory is removed under it.
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  [[ -n $bus_pid ]] && kill "$bus_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# The built scenectl is the one the completion runs (it runs words[0]).
PATH=$(dirname "$SCENECTL"):$PATH

failures=0
n=0
check() { # description, expected, actual
  n=$((n + 1))
  if [[ $2 == "$3" ]]; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"
    echo "#   expected: $2"
    echo "#   got:      $3"
    failures=$((failures + 1))
  fi
}

# Lines as one string of sorted words: the order of COMPREPLY is not what
# a user sees (readline sorts it).
sorted() {
  sed '/^$/d' | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}

# --- bash ----------------------------------------------------------------

# bash's default COMP_WORDBREAKS (unset in a shell without readline).
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
# shellcheck source=/dev/null
source "$framework"
# shellcheck source=/dev/null
source "$completion_dir/scenectl.bash"

# Completes the end of LINE as bash would and prints COMPREPLY, sorted.
# Words split at blanks and, as readline does, around runs of "=" and ":".
bash_complete() {
  local line=$1 word="" c i
  COMP_WORDS=()
  for ((i = 0; i < ${#line}; i++)); do
    c=${line:i:1}
    if [[ $c == " " ]]; then
      [[ -n $word ]] && COMP_WORDS+=("$word")
      word=""
    elif [[ $c == [=:] ]]; then
      if [[ -n $word && $word != *[=:] ]]; then
        COMP_WORDS+=("$word")
        word=""
      fi
      word+=$c
    else
      if [[ $word == *[=:] ]]; then
        COMP_WORDS+=("$word")
        word=""
      fi
      word+=$c
    fi
  done
  COMP_WORDS+=("$word")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMPREPLY=()
  _scenectl scenectl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sorted
}

# What "scenectl [CMD] --help" lists, one option column per line.
help_options() {
  LC_ALL=C scenectl "$@" --help | sed -n 's/^  *\(-[^ ]*\(, -[^ ]*\)*\)  .*/\1/p' |
    grep -oE '(^|[ ,])--?[A-Za-z0-9-]+' | tr -d ' ,'
}

# What "scenectl --help" lists under "Commands:".
help_commands() {
  LC_ALL=C scenectl --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\)  .*/\1/p'
}

# The URL schemes a session source may have.
url_schemes() {
  sed -n 's/^ *{ "\([a-z]*:[/]*\)", .*/\1/p' "$SCENED_SOURCE_ROOT/service/core/scd-source-kind.c"
}

# The keys of the CreateSession option table.
table_keys() {
  sed -n '/create_session\[\] = {/,/^};/s/^ *{ "\([a-z-]*\)".*/\1/p' \
    "$SCENED_SOURCE_ROOT/common/scd-option-table.c"
}

commands=$(help_commands)
check "the commands are those of scenectl --help" \
  "$(sorted <<<"$commands")" "$(bash_complete "scenectl ")"
check "a command from its prefix" "analyze" "$(bash_complete "scenectl an")"
check "commands from a shared prefix" "set sources status stop stream" \
  "$(bash_complete "scenectl s")"
check "scenectl's own options" "$(help_options | sorted)" "$(bash_complete "scenectl -")"
check "a command after scenectl's own option" "list" "$(bash_complete "scenectl --json li")"

for cmd in $commands; do
  check "the options of $cmd are those of its --help" \
    "$(help_options "$cmd" | sorted)" "$(bash_complete "scenectl $cmd -")"
done
check "an option of a command from its prefix" "--pixel-format" \
  "$(bash_complete "scenectl stream --pi")"
check "record's own option" "--detach" "$(bash_complete "scenectl record --de")"
check "not another command's option" "" "$(bash_complete "scenectl analyze --de")"

check "--hwaccel values" "auto cuda none" "$(bash_complete "scenectl analyze --hwaccel ")"
check "--hwaccel=VALUE" "cuda" "$(bash_complete "scenectl record --hwaccel=c")"
check "--pixel-format values" "bgr24 gray rgb24 yuv420p" \
  "$(bash_complete "scenectl stream -p ")"
check "-a values" "none pulse: stream" "$(bash_complete "scenectl analyze -a ")"
check "no value for a value of its own" "" "$(bash_complete "scenectl analyze --threshold ")"

check "-o keys are the CreateSession option table's" \
  "$(table_keys | sed 's/$/=/' | sorted)" "$(bash_complete "scenectl analyze -o ")"
check "-o key from its prefix" "scene-threshold=" \
  "$(bash_complete "scenectl analyze -o scene-t")"
check "--option= key from its prefix" "min-scene-length=" \
  "$(bash_complete "scenectl record --option=min-")"
check "-o hwaccel= values" "auto cuda none" "$(bash_complete "scenectl analyze -o hwaccel=")"
check "-o hwaccel=VALUE" "cuda" "$(bash_complete "scenectl analyze -o hwaccel=cu")"
check "-o boolean values" "false true" "$(bash_complete "scenectl record -o realtime=")"

# PulseAudio names from pactl; a stand-in gives known ones.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/pactl" <<'EOF'
#!/bin/sh
printf '1\talsa_input.usb-mic\tPipeWire\ts16le 1ch 48000Hz\tRUNNING\n'
printf '2\talsa_output.speakers.monitor\tPipeWire\ts16le 2ch 48000Hz\tIDLE\n'
EOF
chmod +x "$tmp/bin/pactl"
PATH=$tmp/bin:$PATH
check "-a pulse: names from pactl" "alsa_input.usb-mic alsa_output.speakers.monitor" \
  "$(bash_complete "scenectl record -a pulse:")"
check "-a pulse:NAME from its prefix" "alsa_input.usb-mic" \
  "$(bash_complete "scenectl record -a pulse:alsa_i")"
check "record SOURCE: pulse:NAME" "alsa_output.speakers.monitor" \
  "$(bash_complete "scenectl record pulse:alsa_o")"
check "record SOURCE: pulse:, its names and the URL schemes" \
  "$({ echo pulse:; pactl list short sources | cut -f2 | sed 's/^/pulse:/'; url_schemes; } | sorted)" \
  "$(mkdir "$tmp/empty" && cd "$tmp/empty" && bash_complete "scenectl record ")"
check "-o audio-source=pulse:NAME" "alsa_input.usb-mic alsa_output.speakers.monitor" \
  "$(bash_complete "scenectl record -o audio-source=pulse:")"

# analyze takes a file; the options before it are not its argument.
mkdir "$tmp/files"
: >"$tmp/files/talk.mp4"
check "analyze FILE" "talk.mp4" \
  "$(cd "$tmp/files" && bash_complete "scenectl analyze -t 5 --hwaccel none ta")"
check "set KEY" "chunk-duration exclude-regions max-frame-interval min-scene-length threshold watch-region" \
  "$(bash_complete "scenectl set 20260101_000000 ")"
check "nothing after set's VALUE" "" "$(bash_complete "scenectl set 20260101_000000 threshold ")"

# --- zsh and fish ------------------------------------------------------------

if command -v zsh >/dev/null; then
  check "zsh: _scenectl parses" "0" "$(zsh -n "$completion_dir/_scenectl" && echo 0)"

  # An interactive zsh on a pseudo-terminal (zsh/zpty) with compinit and
  # _scenectl in $fpath is sent the line and a Tab; compadd, wrapped,
  # prints each match after a marker, and a post-completion hook the end.
  # The markers are written split ("<""M>") so that the terminal's echo
  # of these lines cannot be taken for them.
  cat >"$tmp/zsh-complete" <<'ZSH'
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'PROMPT= ; RPROMPT= ; unsetopt zle_bracketed_paste 2>/dev/null'
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits apre hpre asuf hsuf
  builtin compadd -A hits "$@"
  local ret=$? h
  zparseopts -E P:=apre p:=hpre S:=asuf s:=hsuf
  for h in $hits; do print -r -- "<""M>$apre[2]$hpre[2]$h$hsuf[2]$asuf[2]"; done
  return ret
}'
zpty -w z 'finish () { print -r -- "<""EOF>"; zle -I; }; comppostfuncs=(finish)'
zpty -w z 'zstyle ":completion:*" completer _complete; bindkey "^I" complete-word'
zpty -n -w z "$2"$'\t'
zpty -r -m z out '*<EOF>*' || exit 3
zpty -d z
for l in ${(f)out}; do
  if [[ $l == *"<M>"* ]]; then print -r -- "${${l##*<M>}%%$'\r'*}"; fi
done
ZSH
  zsh_complete() {
    timeout 20 zsh -f "$tmp/zsh-complete" "$completion_dir" "$1" | sorted
  }
  check "zsh: a command from its prefix" "analyze" "$(zsh_complete "scenectl an")"
  check "zsh: an option of a command" "--pixel-format" "$(zsh_complete "scenectl stream --pi")"
  check "zsh: --hwaccel values" "auto cuda none" "$(zsh_complete "scenectl analyze --hwaccel ")"
  check "zsh: -o keys are the option table's" "$(table_keys | sed 's/$/=/' | sorted)" \
    "$(zsh_complete "scenectl analyze -o ")"
  check "zsh: -o key" "scene-threshold=" "$(zsh_complete "scenectl analyze -o scene-t")"
  check "zsh: -o hwaccel= values" "auto cuda none" \
    "$(zsh_complete "scenectl analyze -o hwaccel=")"
  check "zsh: -a pulse: names" "alsa_input.usb-mic alsa_output.speakers.monitor" \
    "$(zsh_complete "scenectl record -a pulse:")"
else
  echo "# zsh is not installed: _scenectl not checked"
fi

if command -v fish >/dev/null; then
  fish_complete() {
    HOME=$tmp fish --no-config -c "source '$completion_dir/scenectl.fish'; complete -C'$1'" |
      cut -f1 | sorted
  }
  check "fish: scenectl.fish parses" "0" "$(fish -n "$completion_dir/scenectl.fish" && echo 0)"
  check "fish: a command from its prefix" "analyze" "$(fish_complete "scenectl an")"
  check "fish: an option of a command" "--pixel-format" "$(fish_complete "scenectl stream --pi")"
  check "fish: --hwaccel values" "auto cuda none" "$(fish_complete "scenectl analyze --hwaccel ")"
  check "fish: -o keys are the option table's" "$(table_keys | sed 's/$/=/' | sorted)" \
    "$(fish_complete "scenectl analyze -o ")"
  check "fish: -o key" "scene-threshold=" "$(fish_complete "scenectl analyze -o scene-t")"
  check "fish: -a pulse: names" "pulse:alsa_input.usb-mic pulse:alsa_output.speakers.monitor" \
    "$(fish_complete "scenectl record -a pulse:al")"
else
  echo "# fish is not installed: scenectl.fish not checked"
fi

# --- the service on a private bus ------------------------------------------

# A bus whose only activation directory starts the built scened and
# leaves a mark when it does.
mkdir "$tmp/services" "$tmp/data"
cat >"$tmp/activate-scened" <<EOF
#!/bin/sh
echo \$\$ >"$tmp/scened.pid"
exec "$SCENED_BINARY" --data-dir "$tmp/data" -v >>"$tmp/scened.log" 2>&1
EOF
chmod +x "$tmp/activate-scened"
cat >"$tmp/services/org.scened.Scened1.service" <<EOF
[D-BUS Service]
Name=org.scened.Scened1
Exec=$tmp/activate-scened
EOF
cat >"$tmp/bus.conf" <<EOF
<busconfig>
  <type>session</type>
  <listen>unix:dir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$tmp/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
bus=$(dbus-daemon --config-file="$tmp/bus.conf" --fork --print-address=1 --print-pid=1) || {
  echo "Bail out! dbus-daemon did not start"
  exit 1
}
DBUS_SESSION_BUS_ADDRESS=$(sed -n 1p <<<"$bus")
bus_pid=$(sed -n 2p <<<"$bus")
export DBUS_SESSION_BUS_ADDRESS
unset DBUS_STARTER_ADDRESS DBUS_STARTER_BUS_TYPE

# Each installed shell completes SESSION, which must start nothing.
shells="bash"
command -v zsh >/dev/null && shells+=" zsh"
command -v fish >/dev/null && shells+=" fish"
for shell in $shells; do
  check "$shell, no service: no session offered" "" "$("${shell}_complete" "scenectl stop ")"
  check "$shell, no service: none started" "not started" \
    "$([[ -e $tmp/scened.pid ]] && echo "started" || echo "not started")"
done

# scenectl itself activates it: the mark above would have shown.
scenectl list >/dev/null
check "scenectl list started the service by activation" "started" \
  "$([[ -e $tmp/scened.pid ]] && echo "started" || echo "not started")"

: >"$tmp/files/a.mp4"
path=$(gdbus call --session --dest org.scened.Scened1 --object-path /org/scened/Scened1 \
  --method org.scened.Scened1.Manager.CreateSession "{'source': <'$tmp/files/a.mp4'>}" |
  sed -n "s/^(objectpath '\(.*\)',)$/\1/p")
id=${path##*/}
check "CreateSession made a session" "yes" "$([[ -n $id ]] && echo yes || echo no)"
for cmd in status stop close frames chunks set capture proxy stream monitor; do
  check "$cmd SESSION offers its id" "$id" "$(bash_complete "scenectl $cmd ")"
done
check "a session id from its prefix" "$id" "$(bash_complete "scenectl frames -n 3 ${id:0:4}")"
check "no session for analyze" "" "$(cd "$tmp/files" && bash_complete "scenectl analyze 2")"
check "a session directory" "$tmp/data" "$(bash_complete "scenectl status $tmp/da")"
for shell in zsh fish; do
  [[ " $shells " == *" $shell "* ]] || continue
  check "$shell: session ids" "$id" "$("${shell}_complete" "scenectl stop ")"
  check "$shell: set KEY" "chunk-duration exclude-regions max-frame-interval min-scene-length threshold watch-region" \
    "$("${shell}_complete" "scenectl set $id ")"
done

echo "1..$n"
if ((failures > 0)); then
  echo "# $failures of $n checks failed; the service's log:"
  sed 's/^/# /' "$tmp/scened.log" 2>/dev/null | tail -n 40
  exit 1
fi
exit 0
