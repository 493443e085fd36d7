#!/usr/bin/env bash
# Clean-build cost of a small program that encodes messages.requestEncryption,
# built four ways one after the other on this machine:
#   a  the prebuilt types crate (typelang-telegram), default features
#   b  the prebuilt types crate, lean features (functions only: no Debug)
#   c  the build.rs path: typelang-codegen generates api.tl + mtproto.tl
#   d  grammers-tl-types 0.11 with its default features (the baseline)
# and, with SERDE=1, two more, the JSON form against grammers' serde derives:
#   e  the prebuilt types crate, default features + `serde`
#   f  grammers-tl-types 0.11, default features + `impl-serde` (the baseline
#      of e)
# Each build starts from an empty target directory with CARGO_INCREMENTAL=0;
# registry sources must already be downloaded (the script builds --offline
# after one `cargo fetch`). Prints a Markdown table: wall time, CPU time
# (user + system) and peak memory (the largest process, usually rustc),
# each with its ratio to its baseline: (d) for a-d, (f) for e and f.
#
# Usage: scripts/build-cost.sh [ROUNDS]   (default 1; rounds alternate the
#        variants, so a loaded machine weighs on all of them alike)
# Env:   BUILD_COST_DIR (default target/build-cost), PROFILE_OVERRIDE=1 adds
#        [profile.dev.build-override] opt-level = 3 to variant c's manifest;
#        SERDE=1 adds e and f; VARIANTS="e f" builds only those (a baseline
#        is built when a variant of its group is).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-1}"
work="${BUILD_COST_DIR:-$root/target/build-cost}"
rm -rf "$work"
mkdir -p "$work"

main_ours='use typelang_telegram::runtime::Serializable;
use typelang_telegram::{functions, types};

fn main() {
    let call = functions::messages::RequestEncryption {
        user_id: types::InputUser { user_id: 1234567890, access_hash: -42 }.into(),
        random_id: 7,
        g_a: vec![2u8; 256].into(),
    };
    let hex: String = call.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    println!("{hex}");
}'

main_buildrs='use typelang_runtime::Serializable;

// A binary uses a sliver of the schema: without the allow, rustc prints
// thousands of dead-code warnings that variants a, b and d do not pay for.
#[allow(dead_code)]
mod telegram {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}
use telegram::{functions, types};

fn main() {
    let call = functions::messages::RequestEncryption {
        user_id: types::InputUser { user_id: 1234567890, access_hash: -42 }.into(),
        random_id: 7,
        g_a: vec![2u8; 256].into(),
    };
    let hex: String = call.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    println!("{hex}");
}'

main_grammers='use grammers_tl_types::{Serializable, enums, functions, types};

fn main() {
    let call = functions::messages::RequestEncryption {
        user_id: enums::InputUser::User(types::InputUser { user_id: 1234567890, access_hash: -42 }),
        random_id: 7,
        g_a: vec![2u8; 256],
    };
    let hex: String = call.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
    println!("{hex}");
}'

# project NAME DEPENDENCIES MAIN [BUILD_DEPENDENCIES BUILD_RS EXTRA]
project() {
    local dir="$work/$1"
    mkdir -p "$dir/src"
    {
        printf '[package]\nname = "cost-%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[workspace]\n\n[dependencies]\n%s\n' "$1" "$2"
        if [ -n "${4:-}" ]; then printf '\n[build-dependencies]\n%s\n' "$4"; fi
        if [ -n "${6:-}" ]; then printf '\n%s\n' "$6"; fi
    } > "$dir/Cargo.toml"
    printf '%s\n' "$3" > "$dir/src/main.rs"
    if [ -n "${5:-}" ]; then printf '%s\n' "$5" > "$dir/build.rs"; fi
}

project a "typelang-telegram = { path = \"$root/schema\" }" "$main_ours"
# Lean: the functions the program calls, no `Debug`, no `Object`.
project b "typelang-telegram = { path = \"$root/schema\", default-features = false, features = [\"functions\"] }" "$main_ours"
extra=""
if [ "${PROFILE_OVERRIDE:-0}" = 1 ]; then extra=$'[profile.dev.build-override]\nopt-level = 3'; fi
project c "typelang-runtime = { path = \"$root/tl-runtime\" }" "$main_buildrs" \
    "typelang-codegen = { path = \"$root/tl-codegen\" }" \
    "fn main() {
    typelang_codegen::compile(&[\"$root/schema/api.tl\", \"$root/schema/mtproto.tl\"]).unwrap();
}" "$extra"
project d 'grammers-tl-types = "=0.11.0"' "$main_grammers"
project e "typelang-telegram = { path = \"$root/schema\", features = [\"serde\"] }" "$main_ours"
project f 'grammers-tl-types = { version = "=0.11.0", features = ["impl-serde"] }' "$main_grammers"

default_variants="a b c d"
if [ "${SERDE:-0}" = 1 ]; then default_variants="a b c d e f"; fi
variants=(${VARIANTS:-$default_variants})
# Each group's baseline is built whenever a variant of the group is.
declare -A base=([a]=d [b]=d [c]=d [d]=d [e]=f [f]=f)
for v in "${variants[@]}"; do
    case " ${variants[*]} " in *" ${base[$v]:?unknown variant $v} "*) ;; *) variants+=("${base[$v]}") ;; esac
done

for v in "${variants[@]}"; do
    (cd "$work/$v" && cargo fetch --quiet)
done

declare -A wall cpu mem
for ((r = 1; r <= rounds; r++)); do
    for v in "${variants[@]}"; do
        rm -rf "$work/$v/target"
        out="$work/$v.time"
        (cd "$work/$v" && CARGO_INCREMENTAL=0 /usr/bin/time -o "$out" -f '%e %U %S %M' \
            cargo build --offline --quiet)
        read -r e u s m < "$out"
        wall[$v]="${wall[$v]:-} $e"
        cpu[$v]="${cpu[$v]:-} $(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"
        mem[$v]="${mem[$v]:-} $m"
        bytes="$("$work/$v/target/debug/cost-$v")"
        if [ -z "${expected:-}" ]; then expected="$bytes"; fi
        if [ "$bytes" != "$expected" ]; then
            echo "variant $v printed other bytes than the first variant" >&2
            exit 1
        fi
    done
done

# The median of a list of numbers.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A label=(
    [a]="(a) prebuilt typelang-telegram, default features"
    [b]="(b) prebuilt typelang-telegram, lean (functions only)"
    [c]="(c) build.rs with typelang-codegen"
    [d]="(d) grammers-tl-types 0.11, default features"
    [e]="(e) prebuilt typelang-telegram, default features + serde"
    [f]="(f) grammers-tl-types 0.11, default features + impl-serde"
)
echo "| build (median of $rounds) | wall | CPU | peak memory | wall / base | CPU / base | memory / base |"
echo "|---|---|---|---|---|---|---|"
for v in a b c d e f; do
    case " ${variants[*]} " in *" $v "*) ;; *) continue ;; esac
    d="${base[$v]}"
    dw="$(echo "${wall[$d]}" | median)"; dc="$(echo "${cpu[$d]}" | median)"; dm="$(echo "${mem[$d]}" | median)"
    w="$(echo "${wall[$v]}" | median)"; c="$(echo "${cpu[$v]}" | median)"; m="$(echo "${mem[$v]}" | median)"
    awk -v l="${label[$v]}" -v w="$w" -v c="$c" -v m="$m" -v dw="$dw" -v dc="$dc" -v dm="$dm" \
        'BEGIN { printf "| %s | %.1f s | %.1f s | %.0f MB | %.2f | %.2f | %.2f |\n", l, w, c, m / 1024, w / dw, c / dc, m / dm }'
done
echo
echo "base: (d) for a-d, (f) for e and f; rounds alternate ${variants[*]}"
# Every round, so a reader can see how far the machine's noise goes.
for v in "${variants[@]}"; do
    echo "($v) wall:${wall[$v]} s; CPU:${cpu[$v]} s"
done
