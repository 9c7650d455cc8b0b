# Compares ioreg's output of a mounted text dump with the dump, line by
# line, and sorts every differing line into a class of difference that the
# text format itself explains.  Anything else is "unexplained" and fails.
#
#   LC_ALL=C awk -f ioreg_compare.awk -v actual=OUT -v expected=DUMP \
#       [-v others="OTHER_PLANE_DUMP ..."] [-v show=5]
#
# Classes:
#   zero_ms     the node line's " (0 ms)": ioreg prints the busy time only
#               when it is not zero, and the text rounds times under 1 ms
#               down to 0, so a mount cannot know the time was not zero.
#   moment      a property line that differs from the dump but is, word for
#               word, a line of the same entry (same registry ID) elsewhere
#               in the dumps: ioreg printed an entry with several parents
#               once per parent, and the two planes' dumps, at different
#               moments (live counters such as HIDIdleTime or
#               IOKitDiagnostics moved in between); a registry keeps one
#               property table per entry.
#   redacted    the dump's owner replaced characters with '*' before
#               publishing it: equal to our line except where the dump has
#               '*' (same length), or a value that no longer parses as data
#               and was kept as the string it reads as, or redacted data
#               (<a****c>), whose bytes are unknown, printed by us as <>.
#   non_utf8    the dump holds a string byte that is not UTF-8 (macOS wrote
#               its MacRoman byte); the loader keeps it as U+FFFD.
# Failures:
#   state       a node line whose state, busy count or busy time differs
#   unexplained anything else, and any difference in the number of lines

function strip_tree(line)
{
	sub(/^[ |]*/, "", line)
	return line
}

function is_node(line)
{
	return line ~ /^[ |]*\+-o /
}

function node_id(line)
{
	if (match(line, /, id 0x[0-9a-f]+/))
		return substr(line, RSTART + 5, RLENGTH - 5)
	return ""
}

function collect(file,    line, id)
{
	id = ""
	while ((getline line < file) > 0) {
		if (is_node(line)) {
			id = node_id(line)
			seen_node[id SUBSEP without_state(strip_tree(line))] = 1
			seen_state[id SUBSEP state_of(line)] = 1
		} else {
			seen[id SUBSEP strip_tree(line)] = 1
		}
	}
	close(file)
}

function without_state(line)
{
	sub(STATE, "", line)
	return line
}

function state_of(line)
{
	return match(line, STATE) ? substr(line, RSTART, RLENGTH) : ""
}

# Equal but where either side has '*'.
function redaction_matches(a, e,    i, ea, ee)
{
	if (length(a) != length(e))
		return 0
	for (i = 1; i <= length(e); i++) {
		ee = substr(e, i, 1)
		ea = substr(a, i, 1)
		if (ee != ea && ee != "*" && ea != "*")
			return 0
	}
	return 1
}

# a's value, when it is a string, without its quotes.
function unquoted_value(a,    i, v)
{
	i = index(a, " = ")
	if (!i)
		return a
	v = substr(a, i + 3)
	if (v ~ /^".*"$/)
		v = substr(v, 2, length(v) - 2)
	return substr(a, 1, i + 2) v
}

# State, busy count and busy time: as in the dump, as in another
# appearance of the entry, or only the dump's " (0 ms)" missing.
function state_class(a, e, id,    sa, se)
{
	sa = state_of(a)
	se = state_of(e)
	if (sa == se)
		return ""
	if ((id SUBSEP sa) in seen_state)
		return "moment"
	sub(/ \(0 ms\)/, "", se)
	return sa == se ? "zero_ms" : "state"
}

function classify(a, e, id,    s, av, ev)
{
	if (is_node(a) && is_node(e)) {
		s = state_class(a, e, id)
		if (s == "state")
			return s
		if (without_state(a) != without_state(e)) {
			if (!((id SUBSEP without_state(strip_tree(a))) in seen_node))
				return "unexplained"
			return "moment"
		}
		return s
	}
	if (index(a, "*") || index(e, "*")) {
		if (redaction_matches(a, e) || redaction_matches(unquoted_value(a), e) ||
		    redaction_matches(a, unquoted_value(e)))
			return "redacted"
		# Redacted data loads with its bytes unknown: ioreg prints <>.
		ev = e
		gsub(/<[^<>"]*\*[^<>"]*>/, "<>", ev)
		if (ev == a)
			return "redacted"
	}
	if (e ~ /[\200-\377]/ && index(a, "\357\277\275")) {
		av = a
		ev = e
		gsub(/(\357\277\275)+/, "?", av)
		gsub(/[\200-\377]+/, "?", ev)
		if (av == ev)
			return "non_utf8"
	}
	if ((id SUBSEP strip_tree(a)) in seen)
		return "moment"
	return "unexplained"
}

BEGIN {
	STATE = ", !?registered, !?matched, (in)?active, busy [0-9]+( \\([0-9]+ ms\\))?"
	if (show == "")
		show = 5
	collect(expected)
	n = split(others, other_files, " ")
	for (i = 1; i <= n; i++)
		collect(other_files[i])

	id = ""
	total = 0
	same = 0
	extra = 0
	shown = 0
	while ((getline a < actual) > 0) {
		if ((getline e < expected) <= 0) {
			extra++
			continue
		}
		total++
		if (is_node(a))
			id = node_id(a)
		if (a == e) {
			same++
			continue
		}
		class = classify(a, e, id)
		count[class]++
		if ((class == "unexplained" || class == "state") && shown < show) {
			shown++
			printf "  line %d (%s)\n    ours: %.300s\n    dump: %.300s\n", total, class, a, e
		}
	}
	while ((getline e < expected) > 0)
		extra++

	printf "  %d lines, %d identical", total, same
	split("zero_ms moment redacted non_utf8 state unexplained", classes, " ")
	for (i = 1; i <= 6; i++)
		if (count[classes[i]])
			printf ", %s %d", classes[i], count[classes[i]]
	if (extra)
		printf ", %d lines in only one of the two", extra
	printf "\n"
	exit (count["state"] + count["unexplained"] + extra) ? 1 : 0
}
