#!/bin/sh
# mkcorpus.sh: write the seed corpora tests/fuzz/corpus/<target>/ (run from the top folder)
# Each seed is small; the option bytes each target reads first are
# documented at the top of its fuzz_*.c.  Rerunning rewrites the same files.
set -eu
LC_ALL=C
export LC_ALL
C=tests/fuzz/corpus
mkdir -p "$C/logread" "$C/dataset" "$C/drive" "$C/jsonlog" "$C/wandb" "$C/tfevents"

# ---- logread: two option bytes, then a log ----
# seed NAME 'OCTAL-PREFIX' < log
seed() { { printf "$2"; cat; } >"$C/logread/$1"; }
head -n 60 tests/data/e1.csv | seed e1_default '\000\000'
head -n 60 tests/data/e1.csv | seed e1_bytewise '\010\000'
head -n 60 tests/data/e1.csv | seed e1_fastai '\000\001'
head -n 60 tests/data/e1.csv | seed e1_torch '\004\002'
head -n 60 tests/data/e1.csv | seed e1_lightning '\000\003'
head -n 60 tests/data/e1.csv | seed e1_bynumber '\000\200'
head -n 40 tests/data/e2.csv | seed e2_causal_noskip '\030\104'
head -n 40 data/lightning_metrics.csv | seed lightning_metrics '\000\000'
head -n 30 data/fmnist_cnn_adam.tsv | seed cnn_tsv '\020\000'
head -n 30 data/fmnist_mlp_sgd.csv | seed mlp_csv '\004\010'
cut -d, -f1,3 tests/data/e1.csv | head -n 50 | seed rebuilt_n '\040\000'
cut -d, -f1,3 tests/data/e1.csv | head -n 50 | seed rebuilt_iters '\140\000'
cut -d, -f3 tests/data/e1.csv | head -n 50 | seed rebuilt_linear '\240\000'
for f in tests/bad/*.csv; do
	case $f in tests/bad/ds_*) continue ;; esac
	seed "bad_$(basename "$f" | sed 's/\..*//')" '\000\000' <"$f"
done
printf '\357\273\277# a comment\r\nstep;lr;loss\r\n0;1e-5;2.3\r\n1;2e-5;2.2\r\n# x\r\n2;4e-5;2.0\r\n3;8e-5;1.5\r\n4;1.6e-4;1.1\r\n5;3.2e-4;9\r\n' | seed bom_crlf_semicolon '\000\000'
printf 'epoch,"lr-SGD","train ""loss""",step,loss\n0,,,0,2.3\n0,1e-4,,0,\n0,2e-4,,1,2.2\n0,,,1,\n0,4e-4,,2,2.1\n0,8e-4,,3,1.9\n0,1.6e-3,,4,1.2\n0,3.2e-3,,5,nan\n' | seed merged_quoted '\000\000'
printf '1e-5,2.3\n2e-5,2.2\n4e-5,2\n8e-5,1.7\n1.6e-4,1.2\n3.2e-4,0.9\n6.4e-4,inf\n' | seed headerless2 '\000\000'
printf '0\t1e-5\t2.3\n1\t2e-5\t2.2\n2\t4e-5\t2\n3\t8e-5\t1.7\n4\t1.6e-4\t1.2\r5\t3.2e-4\t-0.9\n' | seed headerless3_tab '\002\000'
printf '2.3\n2.2\n2.0\n1.7\n1.2\n0.9\n0.8\n5\n' | seed headerless1 '\040\000'
printf 'lr,loss\n0x1p-3,1\n1e-5,1e400\n1e-4,-1e-400\n0.001,.5\n0.01,5.\n0.1,+1\n' | seed odd_numbers '\000\000'
printf 'lr,loss\n"1e-5","2.3"\n"2e-5",\n,"2.1"\n"3e-5","a\nb"\n' | seed quoted_cells '\000\000'

# ---- dataset: one mode byte, then the file(s) ----
# idx_seed NAME 'OCTAL-MODE' N ROWS COLS LABELS...: images N x ROWS x COLS (pixel i*7), labels
idx_seed() {
	name=$1 mode=$2 n=$3 r=$4 c=$5
	shift 5
	img=$(mktemp) lab=$(mktemp)
	awk -v n="$n" -v r="$r" -v c="$c" 'BEGIN {
		printf "%c%c%c%c", 0, 0, 8, 3
		printf "%c%c%c%c%c%c%c%c%c%c%c%c", 0, 0, 0, n, 0, 0, 0, r, 0, 0, 0, c
		for (i = 0; i < n * r * c; i++) printf "%c", (i * 7) % 256
	}' >"$img"
	awk -v n="$n" -v l="$*" 'BEGIN {
		split(l, v, " ")
		printf "%c%c%c%c%c%c%c%c", 0, 0, 8, 1, 0, 0, 0, n
		for (i = 1; i <= n; i++) printf "%c", v[i]
	}' >"$lab"
	sz=$(wc -c <"$img")
	{ printf "$mode"; printf "\\$(printf %o $((sz % 256)))\\$(printf %o $((sz / 256)))"; cat "$img" "$lab"; } >"$C/dataset/$name"
	rm -f "$img" "$lab"
}
idx_seed idx_plain '\000' 4 3 3 0 1 2 1
idx_seed idx_gzip '\002' 4 3 3 0 1 2 1
idx_seed idx_gzip_cut '\034' 3 2 2 1 0 1
idx_seed idx_gzip_flip '\056' 3 2 2 1 0 1
idx_seed idx_one '\000' 1 1 1 0
printf '\001f1,f2,label\n0.5,1,0\n-2,3e2,1\n4,5,2\n' >"$C/dataset/csv_header"
printf '\001# comment\n\n1;2;0\n3;4;1\n' >"$C/dataset/csv_semicolon"
printf '\003a\tb\tc\n1\t2\t3\n4\t5\t6\n' >"$C/dataset/csv_tab_label1"
printf '\005x,label,y\n1,1,2\n"3",0,4\r\n' >"$C/dataset/csv_label_named"
printf '\007a,b,c\n1,2,3\n4,5,65535\n6,7,1.5\n' >"$C/dataset/csv_label3_bad"
printf '\001a,b\n1,"2\n3"\n' >"$C/dataset/csv_quoted_newline"
for f in tests/bad/ds_*.csv; do
	{ printf '\001'; cat "$f"; } >"$C/dataset/bad_$(basename "$f" .csv)"
done
# the bad IDX files, each with a good partner (as given: mode 0; .gz stored as they are)
for f in tests/bad/idx_*; do
	sz=$(wc -c <"$f")
	case $f in
	*images*) { printf '\000'; printf "\\$(printf %o $sz)\\000"; cat "$f"; printf '\000\000\010\001\000\000\000\004\000\001\002\001'; } ;;
	*) { printf '\000\040\000\000\000\010\003\000\000\000\004\000\000\000\002\000\000\000\002\001\002\003\004\005\006\007\010\011\012\013\014\015\016\017\020'; cat "$f"; } ;;
	esac >"$C/dataset/bad_$(basename "$f" .gz)"
done
printf '\0011,2\n3\n' >"$C/dataset/csv_short_row"

# ---- drive: one option byte, then the trainer's answers ----
printf '\002 2.3\n2.2\t\n2.1\r\n2.0\n1.9\n1.5\n1.2\n0.9\n0.8\n0.7\n3\n9\n30\n' >"$C/drive/falls_explodes"
printf '\0012.3\n2.2\n2.1\n2\n1.9\n1.8\n1.7\n' >"$C/drive/all_done"
printf '\0022.3\n2.2\nnan\n' >"$C/drive/nan"
printf '\0022.3\n2.2\noops\n' >"$C/drive/bad_line"
printf '\0022.3\n' >"$C/drive/eof"
printf '\0421e-400\n1e400\n-0\n0.1\n123456789012345678901234567890\n' >"$C/drive/extremes"
printf '\3030.1\n0.2\n0.30000000000000004\n9007199254740993\n2.2250738585072011e-308\n' >"$C/drive/roundtrip"
printf '\106-inf\nINF\nInfinity\n+5\n.5\n5.\n5e\n0x10\n' >"$C/drive/edge_syntax"

# ---- jsonlog: one option byte (layout: sniff, trainer_state, lines), then the file ----
printf '\000{\n  "global_step": 30,\n  "log_history": [\n    {"epoch": 0.5, "learning_rate": 5e-05, "loss": 2.5, "step": 10},\n    {"eval_loss": 2.25, "step": 10},\n    {"loss": NaN, "grad_norm": Infinity, "x": {"y": -Infinity}, "step": 20},\n    {"step": 30, "train_loss": 2.1, "note": "s", "f": true, "n": null, "a": [1]}\n  ]\n}\n' >"$C/jsonlog/hf_state"
printf '\001{"log_history": [{"loss": 1, "step": 1}, {"loss": 2}]}' >"$C/jsonlog/hf_no_step"
printf '\001{"log_history": [\n  {"loss": 1, "st' >"$C/jsonlog/hf_truncated"
printf '\000/* c */ {"a": 1, // d\n "log_history": [{"step": 1.0, "loss": 1e400,},],}' >"$C/jsonlog/hf_lenient"
printf '\000{"lr": 0.1, "loss": 2.5, "iter": 7, "step": 100, "mode": "train"}\r\n\n{"lr": 0.2, "loss": NaN, "iter": 8}\n{"lr": Infinity, "loss": -Infinity, "_step": 3.0}\n{"train": {"acc": 0.5}, "ok": false}\n{}\n' >"$C/jsonlog/lines"
printf '\002{"loss": 1}\n{"loss": 2} {"loss": 3}\n' >"$C/jsonlog/lines_two_objects"
printf '\002{"loss": 1}\n[1, 2]\n42\n' >"$C/jsonlog/lines_not_object"
printf '\002{"loss": 1, "step": 2.5}\n' >"$C/jsonlog/lines_bad_step"
printf '\000\357\273\277{"loss": 3}' >"$C/jsonlog/lines_bom_one"
printf '\002' >"$C/jsonlog/empty"

# ---- wandb: one option byte (run: none, "A", "1", by index), then the export ----
printf '\001"Step","A - _step","A - _step__MIN","A - _step__MAX","A - train/loss","A - train/loss__MIN","A - train/loss__MAX","run - B - train/loss","run - B - lr"\n"49","0","0","0","0.5","0.5","0.5","",""\n"99","1","1","1","NaN","","","2.5","1e-3"\r\n"149","","","","0.25","","","-Infinity",""\n"199","3","","","7.64050582802156e-7","","","",""\n' >"$C/wandb/two_runs_a"
cp "$C/wandb/two_runs_a" "$C/wandb/two_runs_none"; printf '\000' | dd of="$C/wandb/two_runs_none" bs=1 count=1 conv=notrunc 2>/dev/null
cp "$C/wandb/two_runs_a" "$C/wandb/two_runs_index1"; printf '\007' | dd of="$C/wandb/two_runs_index1" bs=1 count=1 conv=notrunc 2>/dev/null
printf '\000\357\273\277"epoch","r - loss","r - loss__MAX"\r\n"0.5","2",""\r\n"1","1.5",""' >"$C/wandb/one_run_x_step"
printf '\000"Step","r - loss","loss"\n"1","2","3"\n' >"$C/wandb/bad_header"
printf '\000"Step","r - loss"\n"1","2"x\n"2","3\n' >"$C/wandb/bad_quotes"
printf '\002"x","run_1 - loss","run_11 - loss__MIN","run_11 - loss"\n"1","2","3","4"\n' >"$C/wandb/suffix_ambiguous"
printf '\000' >"$C/wandb/empty"
# ---- tfevents: one option byte, then an event file or its records' data ----
# written by tests/tfwrite.c through tests/fuzz/tfseeds.c
mkdir -p "$C/tfevents"
t=$(mktemp)
${CC:-cc} -std=c17 -D_POSIX_C_SOURCE=200809L -Isrc -Itests -o "$t" \
    tests/fuzz/tfseeds.c tests/tfwrite.c src/crc32c.c -pthread
"$t" "$C/tfevents"
rm -f "$t"

# ---- logsource: one option byte (format, --list, gzip, --all, rebuilt lr), then the log ----
# the other readers' seeds without their own option byte, told from the
# content and compared with their gzip; CSV logs; an MLflow run folder
mkdir -p "$C/logsource"
ls_seed() { { printf "$2"; cat; } >"$C/logsource/$1"; }
for f in jsonlog/hf_state jsonlog/lines jsonlog/hf_lenient wandb/two_runs_a \
    wandb/one_run_x_step tfevents/simple tfevents/forms tfevents/tf2; do
	tail -c +2 "$C/$f" | ls_seed "$(echo "$f" | tr / _)" '\020'
	tail -c +2 "$C/$f" | ls_seed "$(echo "$f" | tr / _)_list" '\070'
done
tail -c +2 "$C/wandb/two_runs_a" | ls_seed wandb_run_a '\027'
tail -c +2 "$C/tfevents/simple_cut" | ls_seed tfevents_cut '\000'
head -n 40 tests/data/e1.csv | ls_seed csv_e1 '\020'
head -n 40 tests/data/e1.csv | ls_seed csv_e1_two_members '\160'
head -n 40 data/lightning_metrics.csv | ls_seed csv_lightning_list '\030'
cut -d, -f1,3 tests/data/e1.csv | head -n 30 | ls_seed csv_rebuilt '\220'
head -n 30 tests/data/e1.csv | gzip -n | ls_seed csv_gzipped '\000'
printf '\001%b\000\010%b' '0 1e-5 0\n0 2e-5 1\n0 4e-5 2\n0 8e-5 3' '0 2.3 0\n0 2.2 1\n0 2.0 2\n0 9 3\n' | ls_seed mlflow_run '\006'
printf '\002%b\000\007%b\000\006%b' '0 2.3 0\n0 2.2 1\n0 1.0 2\n' '0 1e-5 0\n0 1e-3 2\n' '0 9 1' | ls_seed mlflow_nested '\026'
printf '\010%b' '0 x 0\n' | ls_seed mlflow_bad '\006'
