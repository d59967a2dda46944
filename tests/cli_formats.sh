#!/bin/sh
# cli_formats.sh: the same range test written in every format trainers use
# (JSON Lines, trainer_state.json, an MLflow run, a W&B export, TensorBoard
# event files, gzip of each) reads to the same report as its CSV; their
# errors; --format, --run, --list.  The real files other programs wrote are
# read where ../shared/samples is (LRFIND_SAMPLES), skipped visibly where not.
. tests/lib.sh
SAMPLES=${LRFIND_SAMPLES:-../shared/samples}
CSV=$T/run.csv
tr -d '\r' <data/fmnist_mlp_sgd.csv >$CSV	# awk below splits on commas

# the body of a report without its first two lines (name, what was read)
"$LRFIND" $CSV >"$T/csv.txt"
sed 1,2d "$T/csv.txt" >"$T/csv.body"
"$LRFIND" -q $CSV >"$T/csv.q"

same_report() {	# NAME FILE [OPTIONS]: report of FILE = the CSV's
	name=$1 f=$2
	shift 2
	if ! "$LRFIND" "$@" "$f" >"$T/got.txt" 2>"$T/got.err"; then
		failed "$name" "exit status $?: $(head -c 300 "$T/got.err")"
		return
	fi
	sed 1,2d "$T/got.txt" >"$T/got.body"
	if ! cmp -s "$T/csv.body" "$T/got.body"; then
		failed "$name" "report differs from the CSV's:" \
		    "$(diff "$T/csv.body" "$T/got.body" | head -n 10)"
		return
	fi
	pass "$name"
}

# JSON Lines, with Python's bare Infinity for an inf loss
awk -F, 'NR > 1 { l = $3; if (l == "inf") l = "Infinity";
	printf "{\"step\": %s, \"lr\": %s, \"loss\": %s, \"acc\": 0.5}\n", $1, $2, l }' \
    $CSV >"$T/run.jsonl"
same_report "JSON Lines: the CSV's report" "$T/run.jsonl"
# trainer_state.json: train entries, an eval entry, the summary entry
awk -F, 'BEGIN { printf "{\n  \"best_metric\": null,\n  \"log_history\": [\n" }
	NR > 1 { printf "    {\"epoch\": 0.1, \"learning_rate\": %s, \"loss\": %s, \"step\": %s},\n", $2, $3, $1 }
	NR == 100 { printf "    {\"epoch\": 0.2, \"eval_loss\": 9.5, \"step\": %s},\n", $1 }
	END { printf "    {\"step\": 361, \"train_loss\": 1.5, \"train_runtime\": 3.2}\n  ],\n  \"global_step\": 361\n}\n" }' \
    $CSV >"$T/trainer_state.json"
same_report "trainer_state.json: the CSV's report" "$T/trainer_state.json"
# an MLflow run folder
mkdir -p "$T/mlruns/1/abc/metrics/train"
: >"$T/mlruns/1/abc/meta.yaml"
awk -F, 'NR > 1 { printf "%d %s %s\n", 1700000000000 + NR, $2, $1 }' $CSV \
    >"$T/mlruns/1/abc/metrics/lr"
awk -F, 'NR > 1 { printf "%d %s %s\n", 1700000000000 + NR, $3, $1 }' $CSV \
    >"$T/mlruns/1/abc/metrics/train/loss"
same_report "MLflow run: the CSV's report" "$T/mlruns/1/abc"
# a W&B export of two runs; the second's loss doubled
awk -F, 'BEGIN { printf "\"Step\""
	split("a b", r, " ")
	for (i = 1; i <= 2; i++)
		for (k = 1; k <= 3; k++) {
			key = k == 1 ? "_step" : k == 2 ? "lr" : "train/loss"
			printf ",\"run %s - %s\",\"run %s - %s__MIN\",\"run %s - %s__MAX\"", r[i], key, r[i], key, r[i], key
		}
	printf "\n" }
	NR > 1 { printf "\"%s\"", $1
		for (i = 1; i <= 2; i++) {
			l = i == 1 ? $3 : 2 * $3
			printf ",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"", $1, $1, $1, $2, $2, $2, l, l, l
		}
		printf "\n" }' $CSV >"$T/wandb.csv"
same_report "W&B export: the CSV's report, one run chosen" "$T/wandb.csv" --run 'run a'
# a header longer than the first read of the format's sniffer (4 KiB)
long=$(printf '%0800d' 0 | tr 0 x)
sed "s/run a/run a$long/g; s/run b/run b$long/g" "$T/wandb.csv" >"$T/wandb-long.csv"
same_report "W&B export whose header is over 4 KiB: told from its whole first line" \
    "$T/wandb-long.csv" --run "run a$long"
expect "W&B export of two runs: one must be chosen" 1 /dev/null \
    "lrfind: $T/wandb.csv: 2 runs in the file ('run a', 'run b'): choose one by name with --run" \
    -- "$LRFIND" "$T/wandb.csv"
# gzip of each, from a file and from a pipe
for f in run.jsonl trainer_state.json wandb.csv; do
	gzip -c "$T/$f" >"$T/$f.gz"
done
gzip -c $CSV >"$T/run.csv.gz"
same_report "gzip CSV: the CSV's report" "$T/run.csv.gz"
same_report "gzip JSON Lines" "$T/run.jsonl.gz"
same_report "gzip trainer_state.json" "$T/trainer_state.json.gz"
same_report "gzip W&B export" "$T/wandb.csv.gz" --run 'run a'
expect "gzip CSV from a pipe" 0 "$T/csv.q" '' -- sh -c "gzip -c $CSV | \"$LRFIND\" -q -"
head -n 150 $CSV | gzip -c >"$T/two.csv.gz"
tail -n +151 $CSV | gzip -c >>"$T/two.csv.gz"
same_report "gzip of two members: one stream" "$T/two.csv.gz"
head -c 2000 "$T/run.csv.gz" >"$T/cut.csv.gz"
"$LRFIND" -q --all "$T/cut.csv.gz" >/dev/null 2>"$T/cut.err"
st=$?
if [ $st -eq 1 ] && grep -Eq "^lrfind: $T/cut.csv.gz:[0-9]+: the gzip data ends inside its stream: the file is cut short\$" "$T/cut.err"; then
	pass "a cut gzip stream is an error that says so, with the line"
else
	failed "a cut gzip stream" "status $st: $(cat "$T/cut.err")"
fi

# schedule --from reads every format too
"$LRFIND" schedule onecycle --iters 10 --from $CSV >"$T/sched.csv" 2>"$T/sched.err"
sed "s|$CSV|LOG|" "$T/sched.err" >>"$T/sched.csv"
"$LRFIND" schedule onecycle --iters 10 --from "$T/run.jsonl" >"$T/got.csv" 2>"$T/got.err"
sed "s|$T/run.jsonl|LOG|" "$T/got.err" >>"$T/got.csv"
if cmp -s "$T/sched.csv" "$T/got.csv"; then
	pass "schedule --from a JSON Lines log: the CSV's schedule"
else
	failed "schedule --from JSON Lines" "$(diff "$T/sched.csv" "$T/got.csv" | head -5)"
fi

# TensorBoard event files, written by tests/tfcsv from the same rows
TF=tests/tfcsv
mkdir -p "$T/tb/one" "$T/tb/two" "$T/tb/runs/A" "$T/tb/runs/B"
$TF double "$T/tb/one/events.out.tfevents.1.host" <$CSV
same_report "event file (double_val): the CSV's report" "$T/tb/one/events.out.tfevents.1.host"
$TF content "$T/tb/content.tfevents" <$CSV
same_report "event file (8-byte tensor_content): the CSV's report" "$T/tb/content.tfevents"
same_report "a folder of one event file: the CSV's report" "$T/tb/one"
$TF double "$T/tb/two/events.out.tfevents.1.host" 0 200 <$CSV
$TF double "$T/tb/two/events.out.tfevents.2.host" 200 <$CSV
same_report "a run in two event files, merged by step" "$T/tb/two"
cp "$T/tb/one/events.out.tfevents.1.host" "$T/tb/runs/A/"
cp "$T/tb/one/events.out.tfevents.1.host" "$T/tb/runs/B/"
expect "two runs in a folder: their tags are named by their folder" 1 /dev/null \
    "lrfind: $T/tb/runs: no loss among the 4 scalars ('A/train/loss', 'A/train/learning_rate', 'B/train/loss', 'B/train/learning_rate'): expected one named loss, train_loss, training_loss, train/loss, loss_step, train_loss_step, Loss/train or batch_loss, or one chosen by name" \
    -- "$LRFIND" "$T/tb/runs"
same_report "... and one is chosen by its folder" "$T/tb/runs" \
    --loss-col B/train/loss --lr-col b/train/learning_rate
gzip -c "$T/tb/content.tfevents" >"$T/tb/content.tfevents.gz"
same_report "gzip event file" "$T/tb/content.tfevents.gz"
printf 'train/loss\t362\ntrain/learning_rate\t362\n' >"$T/want"
expect "--list: every tag with its points (the text summary is no scalar)" 0 "$T/want" '' \
    -- "$LRFIND" --list "$T/tb/content.tfevents"
printf '%s (tfevents)\n  train/loss\t362\n  train/learning_rate\t362\n%s (csv)\n  step\t362\n  lr\t362\n  loss\t362\n' \
    "$T/tb/one" "$CSV" >"$T/want"
expect "--list of several files names each and its format" 0 "$T/want" '' \
    -- "$LRFIND" --list "$T/tb/one" "$CSV"
# a CSV's columns as the CSV reader sees them: no header (numbers), a
# column without a name or with an earlier one's, a BOM, comment lines
printf '1e-5,2.3\n2e-5,2.2\n4e-5,2\n' >"$T/headerless.csv"
printf '1\t3\n2\t3\n' >"$T/want"
expect "--list of a CSV with no header: columns by number, every row" 0 "$T/want" '' \
    -- "$LRFIND" --list "$T/headerless.csv"
printf '\357\273\277# from a trainer\nlr,,loss,loss\n# epoch 1\n1e-5,1,2.3,3\n2e-5,,2.2,3\n' >"$T/names.csv"
printf 'lr\t2\n2\t1\nloss\t2\n4\t2\n' >"$T/want"
expect "--list: a column unnamed or named twice is listed by number; comments skipped" 0 "$T/want" '' \
    -- "$LRFIND" --list "$T/names.csv"
# a writer still at work: the last record cut short
size=$(wc -c <"$T/tb/content.tfevents")
head -c $((size - 30)) "$T/tb/content.tfevents" >"$T/tb/cut.tfevents"
"$LRFIND" "$T/tb/cut.tfevents" >"$T/got.txt" 2>"$T/got.err"
st=$?
sed 1,2d "$T/got.txt" >"$T/got.body"
if [ $st -eq 0 ] && cmp -s "$T/csv.body" "$T/got.body" && [ "$(cat "$T/got.err")" = "lrfind: $T/tb/cut.tfevents: the event file ends inside a record (a writer still at work, or a cut file): read up to the last whole record" ]; then
	pass "a cut last record: a warning, and the report of the whole records"
else
	failed "a cut last record" "status $st: $(cat "$T/got.err")" "$(diff "$T/csv.body" "$T/got.body" | head -5)"
fi
cp "$T/tb/content.tfevents" "$T/tb/bad.tfevents"
printf 'X' | dd of="$T/tb/bad.tfevents" bs=1 seek=300 conv=notrunc 2>/dev/null
"$LRFIND" "$T/tb/bad.tfevents" >/dev/null 2>"$T/got.err"
st=$?
if [ $st -eq 1 ] && grep -Eq "^lrfind: $T/tb/bad.tfevents: record [0-9]+ at byte [0-9]+: .*CRC" "$T/got.err"; then
	pass "a damaged record: an error naming the record and its byte"
else
	failed "a damaged record" "status $st: $(cat "$T/got.err")"
fi
$TF simple "$T/tb/simple.tfevents" <$CSV
"$LRFIND" "$T/tb/simple.tfevents" >"$T/got.txt" 2>"$T/got.err"
if [ $? -eq 0 ] && sed -n 2p "$T/got.txt" | grep -q "^  read        342 rows (tfevents: lr 'train/learning_rate', loss 'train/loss'), stopped at the explosion$"; then
	pass "event file of float simple_values: read, its tags named"
else
	failed "event file of float simple_values" "$(cat "$T/got.err")" "$(sed -n 2p "$T/got.txt")"
fi
expect "--format csv forces CSV on an event file" 1 /dev/null '*' \
    -- "$LRFIND" --format csv "$T/tb/content.tfevents"
expect "--format of no format is a usage error" 2 /dev/null \
    "lrfind: --format: 'xml': expected csv, tfevents, json, jsonl, mlflow or wandb
Try 'lrfind --help' for more information." -- "$LRFIND" --format xml $CSV
expect "--format jsonl on a trainer_state.json: the line's error" 1 /dev/null '*' \
    -- "$LRFIND" --format jsonl "$T/trainer_state.json"
printf '{"step": 1, "lr": 0.1, "loss": 2}\n{"step": 2, "lr": 0.2, "loss": }\n' >"$T/bad.jsonl"
expect "a JSON Lines syntax error names line and column" 1 /dev/null '*' \
    -- "$LRFIND" "$T/bad.jsonl"
grep -q "^lrfind: $T/bad.jsonl:2:[0-9]*: " "$T/err" && pass "... as FILE:LINE:COL" || failed "JSON Lines error place" "$(cat "$T/err")"
expect "an MLflow run named as a file is an error" 1 /dev/null '*' \
    -- "$LRFIND" --format mlflow "$T/run.jsonl"
mkdir -p "$T/empty"
expect "a folder with no log in it" 1 /dev/null \
    "lrfind: $T/empty: a folder without TensorBoard event files (events.out.tfevents.*) or an MLflow run (meta.yaml and metrics/): expected a log" \
    -- "$LRFIND" "$T/empty"

# the real files other programs wrote (their values are compared one by
# one by the Check tests; here: what the command line makes of them)
if [ -d "$SAMPLES" ]; then
	S=$SAMPLES
	"$LRFIND" --list "$S/hf_t5_summarization/runs" >"$T/out" 2>"$T/err"
	if grep -qxF "$(printf 'train/loss\t430')" "$T/out" && grep -qxF "$(printf 'train/learning_rate\t430')" "$T/out" && grep -qxF "$(printf 'train/epoch\t432')" "$T/out"; then
		pass "samples: Hugging Face's two event files: 430 losses and lrs, 431 + 1 epochs"
	else
		failed "samples: HF event files --list" "$(cat "$T/out" "$T/err" | head)"
	fi
	expect "samples: HF's run is no range test (the lr decays): said so" 1 /dev/null \
	    "lrfind: $S/hf_t5_summarization/runs: step 1000: lr 4.976780473953113e-05 is lower than the 4.988390355720185e-05 before it: the lr must not decrease along a range test" \
	    -- "$LRFIND" "$S/hf_t5_summarization/runs"
	expect "samples: ... and its trainer_state.json the same, in float64" 1 /dev/null \
	    "lrfind: $S/hf_t5_summarization/trainer_state.json: step 1000: lr 4.976780581135616e-05 is lower than the 4.9883902905678084e-05 before it: the lr must not decrease along a range test" \
	    -- "$LRFIND" "$S/hf_t5_summarization/trainer_state.json"
	"$LRFIND" --list "$S/hf_tinyllama_sft/trainer_state.json" >"$T/out" 2>&1
	grep -qxF "$(printf 'loss\t186')" "$T/out" && grep -qxF "$(printf 'eval_loss\t14')" "$T/out" \
	    && pass "samples: TRL's trainer_state.json: 186 losses, 14 eval losses apart" \
	    || failed "samples: TRL --list" "$(head "$T/out")"
	R=$S/mlflow_keras_autolog_swahili/mlruns/1/ed05f9cd599442fe9a0c9222184710b8
	printf 'loss\t10\n' >"$T/want"
	expect "samples: the MLflow run's metrics" 0 "$T/want" '' -- "$LRFIND" --list "$R"
	"$LRFIND" --list "$R/artifacts/tensorboard_logs/train" >"$T/out" 2>&1
	grep -qxF "$(printf 'epoch_loss\t10')" "$T/out" && pass "samples: Keras's event files: 10 epoch losses" \
	    || failed "samples: Keras event files" "$(head "$T/out")"
	W=$(ls "$S"/wandb_export_nrtd/*.csv | grep -v truth | head -n 1)
	"$LRFIND" --list --run RTD2 "$W" >"$T/out" 2>&1
	grep -qxF "$(printf 'train/loss\t16')" "$T/out" && pass "samples: the W&B export's run RTD2: 16 losses" \
	    || failed "samples: W&B --list --run RTD2" "$(head "$T/out")"
	"$LRFIND" "$W" >/dev/null 2>"$T/err"
	grep -q "runs in the file (.*): choose one by name with --run$" "$T/err" \
	    && pass "samples: the W&B export's two runs: choose one" \
	    || failed "samples: W&B two runs" "$(cat "$T/err")"
else
	echo "cli_formats: $SAMPLES absent: the real files of other trainers not read"
fi

finish
