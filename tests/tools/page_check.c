/* Checks an iokit-html page for the test suite, independently of the code
 * that wrote it: exactly one <script type="application/json"
 * id="iokit-data"> element, holding strictly valid JSON (RFC 8259, UTF-8),
 * with no '<' inside it; no URL or external reference outside it.  Prints
 * "views N", then "entries I M" for each view's entry count and "hunks K"
 * when the page carries a diff.  Exit 0 when valid, 1 with a message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *p, *end;
static char path[1024];
static const char *fail_msg;

static void ws(void)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
}

static int bad(const char *m)
{
	if (!fail_msg)
		fail_msg = m;
	return -1;
}

/* Copies the string's text into out (truncated) when out is not NULL. */
static int str(char *out, size_t outlen)
{
	size_t n = 0;

	if (p >= end || *p != '"')
		return bad("expected a string");
	p++;
	while (p < end && *p != '"') {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20)
			return bad("control byte in a string");
		if (c == '\\') {
			p++;
			if (p >= end)
				return bad("truncated escape");
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (p + i >= end || !strchr("0123456789abcdefABCDEF", p[i]))
						return bad("bad \\u escape");
				p += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", *p))
				return bad("bad escape");
			c = (unsigned char)*p;
		} else if (c >= 0x80) {
			int len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
			if (!len || end - p < len)
				return bad("invalid UTF-8");
			for (int i = 1; i < len; i++)
				if (((unsigned char)p[i] & 0xc0) != 0x80)
					return bad("invalid UTF-8");
			p += len;
			continue;
		}
		if (out && n + 1 < outlen)
			out[n++] = (char)c;
		p++;
	}
	if (p >= end)
		return bad("unterminated string");
	p++;
	if (out)
		out[n] = '\0';
	return 0;
}

static int value(int depth);

static int array_or_object(int depth, int object)
{
	size_t base = strlen(path);
	long count = 0;

	p++;
	ws();
	if (p < end && *p == (object ? '}' : ']')) {
		p++;
		goto done;
	}
	for (;;) {
		char key[64] = "";
		ws();
		if (object) {
			if (str(key, sizeof(key)) != 0)
				return -1;
			ws();
			if (p >= end || *p++ != ':')
				return bad("expected ':'");
		} else {
			snprintf(key, sizeof(key), "%ld", count);
		}
		if (depth < 4)
			snprintf(path + base, sizeof(path) - base, "/%s", key);
		if (value(depth + 1) != 0)
			return -1;
		path[base] = '\0';
		count++;
		ws();
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == (object ? '}' : ']')) {
			p++;
			break;
		}
		return bad("expected ',' or a closing bracket");
	}
done:
	if (!object) {
		int v;
		if (strcmp(path, "/views") == 0)
			printf("views %ld\n", count);
		else if (sscanf(path, "/views/%d", &v) == 1 &&
			 strcmp(strrchr(path, '/'), "/entries") == 0)
			printf("entries %d %ld\n", v, count);
		else if (strcmp(path, "/diff/hunks") == 0)
			printf("hunks %ld\n", count);
	}
	return 0;
}

static int value(int depth)
{
	ws();
	if (depth > 200)
		return bad("nested too deep");
	if (p >= end)
		return bad("truncated");
	if (*p == '{' || *p == '[')
		return array_or_object(depth, *p == '{');
	if (*p == '"')
		return str(NULL, 0);
	if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4)) {
		p += 4;
		return 0;
	}
	if (!strncmp(p, "false", 5)) {
		p += 5;
		return 0;
	}
	const char *s = p;
	if (*p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return bad("bad value");
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return bad("bad number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return bad("bad number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	return p > s ? 0 : bad("bad value");
}

static const char *find(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle));
}

int main(int argc, char **argv)
{
	static const char open_tag[] = "<script type=\"application/json\" id=\"iokit-data\">";
	static const char *const forbidden[] = {
		"http:", "https:", "ftp:", "//cdn", " src=", " href=", "@import", "url(",
		"fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", NULL,
	};
	FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
	char *buf;
	long len;

	if (!f) {
		fprintf(stderr, "usage: page_check PAGE.html\n");
		return 1;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "page_check: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	buf[len] = '\0';
	const char *a = find(buf, (size_t)len, open_tag);
	if (!a || find(a + 1, (size_t)(buf + len - a - 1), open_tag)) {
		fprintf(stderr, "page_check: need exactly one data element\n");
		return 1;
	}
	p = a + strlen(open_tag);
	const char *close = find(p, (size_t)(buf + len - p), "</script>");
	if (!close) {
		fprintf(stderr, "page_check: data element not closed\n");
		return 1;
	}
	end = close;
	if (memchr(p, '<', (size_t)(end - p))) {
		fprintf(stderr, "page_check: '<' inside the JSON\n");
		return 1;
	}
	if (value(0) != 0 || (ws(), p != end)) {
		fprintf(stderr, "page_check: invalid JSON at byte %ld: %s\n",
			(long)(p - (a + strlen(open_tag))), fail_msg ? fail_msg : "trailing text");
		return 1;
	}
	/* outside the data: the page itself must not reach the network */
	for (int part = 0; part < 2; part++) {
		const char *s = part ? close : buf;
		size_t n = part ? (size_t)(buf + len - close) : (size_t)(a - buf);
		for (const char *const *w = forbidden; *w; w++)
			if (find(s, n, *w)) {
				fprintf(stderr, "page_check: page contains \"%s\"\n", *w);
				return 1;
			}
	}
	free(buf);
	return 0;
}
