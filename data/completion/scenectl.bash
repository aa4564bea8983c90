# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bash completion for scenectl (needs bash-completion's framework, which
# loads this file from its completionsdir on the first Tab).
#
# What it offers and where that comes from:
# - subcommands and their options: client/scenectl.c and client/scenectl-*.c
#   (tests/client/test-completion.sh checks them against "scenectl CMD --help");
# - -o KEY=VALUE keys: the CreateSession option table, common/scd-option-table.c
#   (checked by the same test), with the values known for some of them;
# - session ids: "scenectl list --json", asked only when org.scened.Scened1
#   already has an owner, so that a Tab press never starts the service by
#   D-Bus activation;
# - record's SOURCE: files, pulse:NAME and the URL schemes of
#   service/core/scd-source-kind.c (checked by the same test);
# - PulseAudio sources for pulse:NAME: "pactl list short sources", nothing
#   when pactl is missing or no sound server answers.

# COMPREPLY=($(compgen ...)) as bash-completion writes it: no word offered
# here holds a blank or a glob character.
# shellcheck disable=SC2207

_scenectl_session_ids()
{
    local scenectl=$1 owned

    command -v gdbus >/dev/null || return
    # NameHasOwner is answered by the bus itself: asking it starts nothing.
    owned=$(timeout 2 gdbus call --session --timeout 1 --dest org.freedesktop.DBus \
        --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.NameHasOwner \
        org.scened.Scened1 2>/dev/null) || return
    [[ $owned == "(true,)" ]] || return
    # Ids are object path elements ([A-Za-z0-9_]), so no JSON unescaping.
    timeout 2 "$scenectl" list --json 2>/dev/null |
        sed -n 's/^[[:space:]]*"id"[[:space:]]*:[[:space:]]*"\([A-Za-z0-9_]*\)".*/\1/p'
}

_scenectl_pulse_sources()
{
    command -v pactl >/dev/null || return
    # No server: pactl fails and prints nothing on stdout.
    timeout 2 pactl list short sources 2>/dev/null | cut -f2
}

# What -o KEY=VALUE offers: "KEY=" while the key is typed, then the
# values known for it.
_scenectl_session_option_words()
{
    local cur=$1

    if [[ $cur != *=* ]]; then
        printf '%s=\n' source name audio-source record realtime exit-with-caller shared \
            listen-public hwaccel scene-threshold min-scene-length max-frame-interval exclude-regions watch-region settle-seconds \
            audio-chunk-seconds audio-chunk-min audio-chunk-max audio-sample-rate audio-channels connect-timeout sender-timeout
        return
    fi

    local key=${cur%%=*} value
    case $key in
        hwaccel) printf 'hwaccel=%s\n' auto cuda none ;;
        audio-source)
            printf 'audio-source=%s\n' stream none pulse:
            for value in $(_scenectl_pulse_sources); do
                printf 'audio-source=pulse:%s\n' "$value"
            done
            ;;
        record | realtime | exit-with-caller | shared | listen-public)
            printf '%s\n' "$key=true" "$key=false"
            ;;
        audio-channels) printf 'audio-channels=%s\n' 1 2 ;;
    esac
}

# COMPREPLY holds whole words, but readline replaces only the part of the
# word after its last word-break character ("=" and ":" by default), so
# what comes before it is cut off, as __ltrim_colon_completions does for ":".
_scenectl_trim_wordbreaks()
{
    local cur=$1 breaks="" c prefix i

    for c in = :; do
        [[ $COMP_WORDBREAKS == *"$c"* ]] && breaks+=$c
    done
    [[ -n $breaks ]] || return
    prefix=${cur%"${cur##*["$breaks"]}"}
    [[ -n $prefix ]] || return
    for i in "${!COMPREPLY[@]}"; do
        COMPREPLY[i]=${COMPREPLY[i]#"$prefix"}
    done
}

_scenectl()
{
    # shellcheck disable=SC2034 # split is _init_completion's
    local cur prev words cword split
    # -s: --opt=value splits into prev and cur; "=" and ":" stay inside
    # words (pulse:NAME, -o KEY=VALUE) and are dealt with at the end.
    _init_completion -s -n =: || return

    local commands="analyze record list status stop close frames chunks set capture proxy stream sources monitor"
    local i cmd="" cmd_index=0

    # scenectl's own options take no value: the first other word is the command.
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]}
            cmd_index=$i
            break
        fi
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--json -j --version --help -h' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    # Each command's options; value_opts are those that take a value.
    local opts="" value_opts=""
    case $cmd in
        analyze | record)
            opts="--name -n --threshold -t --chunk-seconds -c --hwaccel --audio-source -a --option -o"
            value_opts=$opts
            [[ $cmd == record ]] && opts+=" --detach"
            ;;
        frames | chunks)
            opts="--first -f --count -n"
            value_opts=$opts
            ;;
        proxy)
            opts="--height -H"
            value_opts=$opts
            ;;
        stream)
            value_opts="--width -W --height -H --fps -r --pixel-format -p --count -n"
            opts="$value_opts --y4m"
            ;;
    esac
    opts+=" --json -j --help -h"

    # The value of an option.
    if [[ $prev == -* && " $value_opts " == *" $prev "* ]]; then
        case $prev in
            --hwaccel)
                COMPREPLY=($(compgen -W 'auto cuda none' -- "$cur"))
                ;;
            --audio-source | -a)
                COMPREPLY=($(compgen -W "stream none pulse: $(_scenectl_pulse_sources |
                    sed 's/^/pulse:/')" -- "$cur"))
                ;;
            --option | -o)
                COMPREPLY=($(compgen -W "$(_scenectl_session_option_words "$cur")" -- "$cur"))
                ;;
            --pixel-format | -p)
                COMPREPLY=($(compgen -W 'rgb24 bgr24 gray yuv420p' -- "$cur"))
                ;;
        esac
        # A prefix (KEY=, pulse:) is not the whole value yet.
        [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[=:] ]] && compopt -o nospace 2>/dev/null
        _scenectl_trim_wordbreaks "$cur"
        return
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi

    # Which argument of the command this is: options and their values
    # (in the next word unless written --opt=value) do not count.
    local arg=0 end_of_options=""
    for ((i = cmd_index + 1; i < cword; i++)); do
        if [[ -z $end_of_options && ${words[i]} == -- ]]; then
            end_of_options=1
        elif [[ -z $end_of_options && ${words[i]} == -* ]]; then
            [[ ${words[i]} != *=* && " $value_opts " == *" ${words[i]} "* ]] &&
                ((i++))
        else
            ((arg++))
        fi
    done

    local session=""
    case $cmd:$arg in
        analyze:0)
            _filedir
            ;;
        record:0)
            # A live source: a growing file, pulse:NAME or a URL.
            COMPREPLY=($(compgen -W "pulse: $(_scenectl_pulse_sources | sed 's/^/pulse:/')
                tcp:// udp:// unix: rtmp:// rtsp:// srt:// http:// https://" -- "$cur"))
            [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[:/] ]] && compopt -o nospace 2>/dev/null
            _filedir
            ;;
        status:0 | monitor:0 | stop:0 | close:0 | frames:0 | chunks:0 | set:0 | capture:0 | \
            proxy:0 | stream:0)
            session=1
            ;;
        set:1)
            COMPREPLY=($(compgen -W 'threshold min-scene-length max-frame-interval exclude-regions watch-region chunk-duration' \
                -- "$cur"))
            ;;
    esac

    if [[ -n $session ]]; then
        COMPREPLY=($(compgen -W "$(_scenectl_session_ids "${words[0]}")" -- "$cur"))
        # A session may also be named by its directory.
        [[ $cur == [/.~]* ]] && _filedir -d
    fi

    _scenectl_trim_wordbreaks "$cur"
} &&
    complete -F _scenectl scenectl
