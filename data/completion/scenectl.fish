# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fish completion for scenectl. What it offers comes from the same places
# as scenectl.bash's (which tests/client/test-completion.sh checks against
# the programs): the subcommands and options of client/scenectl*.c, the
# -o keys of common/scd-option-table.c, record's URL schemes of
# service/core/scd-source-kind.c, session ids from
# "scenectl list --json" only when org.scened.Scened1 already has an owner
# (a Tab press must never start the service by D-Bus activation), and
# PulseAudio sources from "pactl list short sources".

function __scenectl_pulse_sources
    command -q pactl; or return
    # No server: pactl fails and prints nothing on stdout.
    timeout 2 pactl list short sources 2>/dev/null | cut -f2
end

function __scenectl_session_ids
    command -q gdbus; or return
    # NameHasOwner is answered by the bus itself: asking it starts nothing.
    set -l owned (timeout 2 gdbus call --session --timeout 1 --dest org.freedesktop.DBus \
        --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.NameHasOwner \
        org.scened.Scened1 2>/dev/null)
    test "$owned" = "(true,)"; or return
    # The program being completed, not another scenectl in $PATH.
    set -l scenectl (commandline -opc)[1]
    # Ids are object path elements ([A-Za-z0-9_]), so no JSON unescaping.
    timeout 2 $scenectl list --json 2>/dev/null \
        | string replace -rf '^\s*"id"\s*:\s*"([A-Za-z0-9_]*)".*' '$1'
end

# SESSION: an id, or the session's directory once a path is begun.
function __scenectl_sessions
    set -l token (commandline -ct)
    if string match -qr '^[/.~]' -- $token
        __fish_complete_directories $token
    else
        __scenectl_session_ids
    end
end

# -a: stream, none or pulse:NAME.
function __scenectl_audio_sources
    printf '%s\n' stream none pulse:
    __scenectl_pulse_sources | string replace -r '^' pulse:
end

# -o KEY=VALUE: the key, then the values known for it.
function __scenectl_session_option
    # fish matches what follows "--option=" itself.
    set -l token (string replace -r -- '^--option=' '' (commandline -ct))
    if not string match -q -- '*=*' $token
        printf '%s=\n' source name audio-source record realtime exit-with-caller shared \
            listen-public hwaccel scene-threshold min-scene-length max-frame-interval exclude-regions watch-region settle-seconds \
            audio-chunk-seconds audio-chunk-min audio-chunk-max audio-sample-rate audio-channels connect-timeout sender-timeout
        return
    end
    set -l key (string split -m1 = -- $token)[1]
    switch $key
        case hwaccel
            printf 'hwaccel=%s\n' auto cuda none
        case audio-source
            __scenectl_audio_sources | string replace -r '^' audio-source=
        case record realtime exit-with-caller shared listen-public
            printf '%s\n' $key=true $key=false
        case audio-channels
            printf 'audio-channels=%s\n' 1 2
    end
end

# Whether the word being completed is argument INDEX (from 0) of one of
# the COMMANDS given after it. Options and the values given to them in
# the next word do not count; no option takes a value in one command and
# none in another, so one list serves all.
function __scenectl_arg_is -a index
    set -l commands $argv[2..-1]
    set -l value_opts -n --name -t --threshold -c --chunk-seconds --hwaccel -a --audio-source \
        -o --option -f --first --count -H --height -W --width -r --fps -p --pixel-format
    set -l tokens (commandline -opc)
    set -l cmd
    set -l args 0
    set -l skip 0
    for token in $tokens[2..-1]
        if test $skip = 1
            set skip 0
        else if test -z "$cmd"
            # scenectl's own options take no value.
            string match -q -- '-*' $token; or set cmd $token
        else if contains -- $token $value_opts
            set skip 1
        else if not string match -q -- '-*' $token
            set args (math $args + 1)
        end
    end
    contains -- "$cmd" $commands; and test $args -eq $index
end

# Files only where a file is taken (analyze, record).
complete -c scenectl -f

# The commands, and scenectl's own options before them.
complete -c scenectl -n __fish_use_subcommand -a analyze -d 'Analyze a file, printing frames and chunks as they come'
complete -c scenectl -n __fish_use_subcommand -a record -d 'Record and analyze a live source until Ctrl-C'
complete -c scenectl -n __fish_use_subcommand -a list -d 'List the sessions'
complete -c scenectl -n __fish_use_subcommand -a status -d 'Show the service or one session in detail'
complete -c scenectl -n __fish_use_subcommand -a stop -d 'Stop a session cleanly'
complete -c scenectl -n __fish_use_subcommand -a close -d 'Stop a session if needed and remove it from the bus'
complete -c scenectl -n __fish_use_subcommand -a frames -d 'List the scene frames of a session'
complete -c scenectl -n __fish_use_subcommand -a chunks -d 'List the audio chunks of a session'
complete -c scenectl -n __fish_use_subcommand -a set -d 'Change a setting of a running session'
complete -c scenectl -n __fish_use_subcommand -a capture -d 'Write the latest frame of a session now'
complete -c scenectl -n __fish_use_subcommand -a proxy -d "Make scrubbing proxies of a session's recording"
complete -c scenectl -n __fish_use_subcommand -a stream -d "Write a session's live picture to standard output"
complete -c scenectl -n __fish_use_subcommand -a sources -d 'List the PulseAudio sources to record from'
complete -c scenectl -n __fish_use_subcommand -a monitor -d 'Print every signal of every session, one line each'
complete -c scenectl -n __fish_use_subcommand -l version -d 'Print the version and exit'
# Every command's, and scenectl's own.
complete -c scenectl -s j -l json -d 'Print JSON (JSON Lines for streams of events)'
complete -c scenectl -s h -l help -d 'Show help options'

# analyze FILE and record SOURCE
set -l run '__fish_seen_subcommand_from analyze record'
complete -c scenectl -n $run -s n -l name -x -d 'A label for the session'
complete -c scenectl -n $run -s t -l threshold -x -d 'Scene change threshold, 0 to 100'
complete -c scenectl -n $run -s c -l chunk-seconds -x -d 'Length of each audio chunk in seconds'
complete -c scenectl -n $run -l hwaccel -x -a 'auto cuda none' -d 'Hardware decoding'
complete -c scenectl -n $run -s a -l audio-source -x -a '(__scenectl_audio_sources)' -d 'Where the audio comes from'
complete -c scenectl -n $run -s o -l option -x -a '(__scenectl_session_option)' -d 'Any session option (see CreateSession)'
complete -c scenectl -n '__fish_seen_subcommand_from record' -l detach -d 'Keep recording when scenectl exits'
complete -c scenectl -n '__scenectl_arg_is 0 analyze' -F
complete -c scenectl -n '__scenectl_arg_is 0 record' -F \
    -a '(__scenectl_audio_sources | string match "pulse:*") tcp:// udp:// unix: rtmp:// rtsp:// srt:// http:// https://'

# The commands that take a SESSION
complete -c scenectl -n '__scenectl_arg_is 0 status monitor stop close frames chunks set capture proxy stream' \
    -a '(__scenectl_sessions)'
complete -c scenectl -n '__scenectl_arg_is 1 set' \
    -a 'threshold min-scene-length max-frame-interval exclude-regions watch-region chunk-duration' -d Setting

set -l entries '__fish_seen_subcommand_from frames chunks'
complete -c scenectl -n $entries -s f -l first -x -d 'Start at entry N (from 0)'
complete -c scenectl -n $entries -s n -l count -x -d 'Print at most N entries'

complete -c scenectl -n '__fish_seen_subcommand_from proxy' -s H -l height -x -d 'Height of the proxy in pixels'

set -l stream '__fish_seen_subcommand_from stream'
complete -c scenectl -n $stream -s W -l width -x -d 'Frame width'
complete -c scenectl -n $stream -s H -l height -x -d 'Frame height'
complete -c scenectl -n $stream -s r -l fps -x -d 'Frames per second'
complete -c scenectl -n $stream -s p -l pixel-format -x -a 'rgb24 bgr24 gray yuv420p' -d 'Pixel format'
complete -c scenectl -n $stream -l y4m -d 'Write YUV4MPEG2 for a player'
complete -c scenectl -n $stream -s n -l count -x -d 'Stop after this many frames'
