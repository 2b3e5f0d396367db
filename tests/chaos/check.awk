# check.awk — the chaos checker: holds the client log against the database
# (docs/reliability.md, "Chaos", has the definitions).  Files, in order:
#   faults.log  time, kind, detail (faults.sh)
#   client.log  learner, request no, face, op, attempt key, question id, value,
#               status, curl error, start µs, end µs (chaos-client)
#   state.tsv   rows tagged A, V, X (state.sql: the only SQL of the check)
# Variables: learners, secs, workers, tap (yes/no), figures (markdown out),
# bad (violations out), cmd and date (for the figures).
# Exit 0: no violation; 1: at least one.
# A status is "ack" (2xx), "refused" (4xx: nothing changed) or "unknown" (no
# answer or a 5xx: it may or may not have taken effect).
function cat_of(s) { return (s >= 200 && s < 300) ? "ack" : (s >= 400 && s < 500) ? "refused" : "unknown" }
function violation(kind, msg) { nv[kind]++; if (nbad++ < 200) print kind ": " msg > bad }
# the learner index of a username chaos00001 -> 0
function lidx(u) { return substr(u, 6) - 1 }
function member(v, list, n,    i) { for (i = 1; i <= n; i++) if (list[i] == v) return 1; return 0 }

FNR == 1 { file = FILENAME == ARGV[1] ? 1 : FILENAME == ARGV[2] ? 2 : 3 }

file == 1 { ftime[++nft] = $1; fkind[nft] = $2; next }

file == 2 {
    L = $1; face = $3; op = $4; ak = $5; q = $6; v = $7; s = $8 + 0; c = cat_of(s)
    nreq++; if (t_first == "" || $10 < t_first) t_first = $10; if ($11 > t_last) t_last = $11
    if (s == 0) noanswer++; else if (s >= 500) { st5[s]++; if (s == 500) violation("500", $0) }
    # availability: the longest time in which no request got an answer below 500
    if (s > 0 && s < 500) {
        if (last_ok == "") last_ok = t_first
        if ($11 - last_ok > gap) { gap = $11 - last_ok; gap_at = last_ok }
        if ($11 > last_ok) last_ok = $11
    }
    if (ak != "-") { if (!((L, ak) in seen)) { seen[L, ak] = 1; nseen[L]++ } }
    if (op == "create") { if (c == "unknown") unk_create[L]++; if (c == "ack") ack_create++ }
    else if (op == "save" || op == "late") {
        nsave++; if (c == "ack") ack_save++; else if (c == "unknown") unk_save++; else ref_save++
        k = ak SUBSEP q
        if (!(k in ns)) keys[++nkeys] = k
        i = ++ns[k]; sv[k, i] = v; sc[k, i] = c; slate[k, i] = (op == "late"); sline[k, i] = $0
        if (op == "late") { nlate_sent++; if (c == "ack") violation("late", "a save after the acknowledged end was acknowledged: " $0) }
    } else if (op == "end") {
        if (c == "ack") { if (!(ak in endack)) n_endack++; endack[ak] = 1 }
        else if (c == "unknown") endunk[ak] = 1
    } else if (op == "submit") {
        nsave += split(v, parts, ","); nsubmit++
        r = L SUBSEP $2; subv[r] = v; subc[r] = c; subs[++nsubs] = r
        if (c == "ack") { ack_submit++; ack_save += split(v, parts, ",") } else if (c == "unknown") unk_save += split(v, parts, ",")
    }
    next
}

$1 == "A" {
    id = $2; akey_of[id] = ""; slug[id] = $3; user[id] = $4; state[id] = $6; score[id] = $7; graded[id] = $8
    if ($3 == "chaos-tp") akey_of[id] = "tp:" id
    else if ($3 == "chaos-cv") akey_of[id] = "cv:" $9 "." $5
    if (akey_of[id] != "") id_of[akey_of[id]] = id
    ue = $4 SUBSEP $3; natt[ue]++; if ($6 == "running") nrun[ue]++
    if (!(ue in ue_seen)) { ue_seen[ue] = 1; ues[++nues] = ue }
    ids[++nids] = id
    if ($6 == "completed") { ncompleted++; if ($7 == "-" || $7 != $8) violation("graded", "attempt " id " scored " $7 ", its answers grade to " $8) }
    next
}
# Testpress keys a value by its answer record id, the other faces by the question id
$1 == "V" {
    if (slug[$2] == "chaos-tp") stored[$2, $4] = $5; else stored[$2, $3] = $5
    if ($5 ~ /^t:L[0-9]+r[0-9]+$/) { t = substr($5, 4); split(t, lr, "r"); from_req[$2] = lr[1] SUBSEP lr[2] }
    next
}
$1 == "X" {
    if ($3 != $5 || $4 != $6) violation("graded", "exam " $2 ": exam_stats counts " $3 " completed (score sum " $4 "), the attempts " $5 " (" $6 ")")
    next
}

END {
    # every save of every attempt (Testpress, Canvas), in the learner's order
    for (x = 1; x <= nkeys; x++) {
        k = keys[x]; split(k, kq, SUBSEP); ak = kq[1]; q = kq[2]
        if (!(ak in id_of)) { violation("lost", "attempt " ak " is not in the database"); continue }
        got = ((id_of[ak], q) in stored) ? stored[id_of[ak], q] : "-"
        last = 0; na = 0; nl = 0; no = 0
        for (i = 1; i <= ns[k]; i++) if (!slate[k, i] && sc[k, i] == "ack") last = i
        if (last) allow[++na] = sv[k, last]; else allow[++na] = "-"
        for (i = last + 1; i <= ns[k]; i++) if (!slate[k, i] && sc[k, i] == "unknown") allow[++na] = sv[k, i]
        for (i = 1; i <= ns[k]; i++) if (slate[k, i]) late_v[++nl] = sv[k, i]
        for (i = 1; i < last; i++) older[++no] = sv[k, i]
        if (member(got, allow, na)) continue
        if (member(got, late_v, nl)) violation("late", ak " question " q ": stored " got ", sent after the acknowledged end")
        else if (last && member(got, older, no)) violation("stale", ak " question " q ": stored " got ", acknowledged later: " sv[k, last])
        else if (last) violation("lost", ak " question " q ": stored " got ", acknowledged: " sv[k, last])
        else violation("phantom", ak " question " q ": stored " got ", never acknowledged")
    }
    # every acknowledged end: completed and scored (graded() above checks the score)
    for (ak in endack) {
        if (!(ak in id_of)) continue
        id = id_of[ak]
        if (state[id] != "completed" || score[id] == "-") violation("ungraded", ak " acknowledged as ended, state " state[id] ", score " score[id])
    }
    # assessments: each stored submission comes from one request that was not refused
    for (x = 1; x <= nids; x++) {
        id = ids[x]
        if (slug[id] != "chaos-as") continue
        if (!(id in from_req) || !(from_req[id] in subv)) { violation("phantom", "submission attempt " id " matches no request"); continue }
        r = from_req[id]
        if (subc[r] == "refused") violation("phantom", "submission attempt " id " comes from a refused request")
        rr = r; gsub(SUBSEP, "/", rr)
        if (r in sub_att) violation("duplicated", "submission request " rr " stored twice: attempts " sub_att[r] " and " id)
        sub_att[r] = id
        n = split(subv[r], parts, ",")
        for (j = 1; j <= n; j++) {
            split(parts[j], qv, "="); got = ((id, qv[1]) in stored) ? stored[id, qv[1]] : "-"
            if (got != qv[2]) violation("lost", "submission attempt " id " question " qv[1] ": stored " got ", sent " qv[2])
        }
        if (state[id] != "completed" || score[id] == "-") violation("ungraded", "submission attempt " id " state " state[id])
    }
    for (x = 1; x <= nsubs; x++) if (subc[subs[x]] == "ack" && !(subs[x] in sub_att)) violation("lost", "an acknowledged submission is not stored: " subv[subs[x]])
    # no learner has more attempts than it saw plus the starts that got no answer;
    # never two running attempts of one exam
    for (x = 1; x <= nues; x++) {
        split(ues[x], up, SUBSEP); L = lidx(up[1])
        if (nrun[ues[x]] > 1) violation("duplicated", up[1] " has " nrun[ues[x]] " running attempts of " up[2])
        if (up[2] != "chaos-as" && natt[ues[x]] > nseen[L] + unk_create[L])
            violation("duplicated", up[1] " has " natt[ues[x]] " attempts of " up[2] ", saw " nseen[L] ", " unk_create[L] + 0 " starts unanswered")
    }

    # the faults while the load ran (the client may stop early, at its save budget)
    for (i = 1; i <= nft; i++) {
        if (ftime[i] > t_last) continue
        fault[fkind[i]]++
        if (fkind[i] == "worker-kill" || fkind[i] == "worker-stop" || fkind[i] == "db-kill" || fkind[i] == "nginx-reload") nfaults++
    }
    worst = ""
    for (kind in nv) total_v += nv[kind]
    t_run = (t_last - t_first) / 1e6
    # the fault just before the longest gap
    for (i = 1; i <= nft; i++) if (ftime[i] <= gap_at + 1000000) worst = fkind[i]
    n5 = 0; for (s in st5) n5 += st5[s]
    printf "Latest run (`%s`, %d workers, 2 shared cores, %s):\n\n", cmd, workers, date > figures
    print "| | |" > figures
    print "|---|---:|" > figures
    printf "| learners (a third per face) / seconds | %d / %.0f |\n", learners, t_run > figures
    printf "| requests (answered below 500 / 5xx / no answer) | %d (%d / %d / %d) |\n", nreq, nreq - n5 - noanswer, n5, noanswer > figures
    printf "| saves sent (acknowledged / refused / unknown) | %d (%d / %d / %d) |\n", nsave, ack_save, ref_save + 0, unk_save + 0 > figures
    printf "| attempts in the database / ends acknowledged / submissions acknowledged | %d / %d / %d |\n", nids, n_endack, ack_submit > figures
    printf "| saves sent after an acknowledged end (all must be refused) | %d |\n", nlate_sent > figures
    printf "| faults injected | %d: %d worker kill -9, %d worker SIGSTOP (4 s), %d MariaDB kill -9 + restart, %d nginx reload |\n", \
        nfaults, fault["worker-kill"], fault["worker-stop"], fault["db-kill"], fault["nginx-reload"] > figures
    printf "| **lost / stale / late / phantom / duplicated** | **%d / %d / %d / %d / %d** |\n", \
        nv["lost"], nv["stale"], nv["late"], nv["phantom"], nv["duplicated"] > figures
    printf "| ends not graded exactly once (ungraded / score or exam totals wrong) | %d / %d |\n", nv["ungraded"], nv["graded"] > figures
    printf "| HTTP 500 | %d |\n", nv["500"] > figures
    printf "| longest unavailability (no answer below 500) | %.1f s, at %.1f s, after: %s |\n", gap / 1e6, (gap_at - t_first) / 1e6, (worst == "" ? "-" : worst) > figures

    printf "chaos: %d requests, %d saves (%d acknowledged), %d faults; lost %d stale %d late %d phantom %d duplicated %d ungraded %d graded-wrong %d http-500 %d; longest unavailability %.1f s\n", \
        nreq, nsave, ack_save, nfaults, nv["lost"], nv["stale"], nv["late"], nv["phantom"], nv["duplicated"], nv["ungraded"], nv["graded"], nv["500"], gap / 1e6 > "/dev/stderr"
    if (tap == "yes") {
        print "1..9"
        printf "%s 1 - the run made saves (%d acknowledged) and ended attempts (%d)\n", (ack_save > 0 && n_endack > 0 ? "ok" : "not ok"), ack_save, n_endack
        printf "%s 2 - faults were injected (%d; the database was killed %d times)\n", (nfaults > 0 && fault["db-kill"] > 0 ? "ok" : "not ok"), nfaults, fault["db-kill"]
        printf "%s 3 - no acknowledged save lost (%d)\n", (nv["lost"] ? "not ok" : "ok"), nv["lost"]
        printf "%s 4 - no stale value (%d)\n", (nv["stale"] ? "not ok" : "ok"), nv["stale"]
        printf "%s 5 - no save lands after an acknowledged end (%d)\n", (nv["late"] ? "not ok" : "ok"), nv["late"]
        printf "%s 6 - nothing unacknowledged appears as acknowledged (%d)\n", (nv["phantom"] ? "not ok" : "ok"), nv["phantom"]
        printf "%s 7 - no attempt duplicated (%d)\n", (nv["duplicated"] ? "not ok" : "ok"), nv["duplicated"]
        printf "%s 8 - every acknowledged end graded exactly once (%d, %d)\n", (nv["ungraded"] + nv["graded"] ? "not ok" : "ok"), nv["ungraded"], nv["graded"]
        printf "%s 9 - no 500 (%d)\n", (nv["500"] ? "not ok" : "ok"), nv["500"]
        printf "# longest unavailability %.1f s\n", gap / 1e6
    }
    exit (total_v > 0)
}
