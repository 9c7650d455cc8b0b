/* ioreg's output line: clipping to -w columns, the tree's columns, bold.
 *
 * Clipping follows ioreg exactly: each print call may use the columns
 * left on the line but one; once a call does not fit, the rest of the line
 * is dropped and the line ends in '$' (so a clipped line is width columns
 * long).  Only clipped output has its newlines turned into spaces. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

#include "ioreg.h"

void ioreg_error(const char *message)
{
	fflush(stdout);
	fprintf(stderr, "ioreg: error: %s.\n", message);
}

void ioreg_fatal(const char *message)
{
	ioreg_error(message);
	exit(1);
}

void ioreg_printer_init(struct ioreg_printer *p, FILE *out, uint32_t width)
{
	p->out = out;
	p->width = width;
	p->left = width;
	p->clipped = false;
	p->bold_on = "";
	p->bold_off = "";
}

void ioreg_printer_init_bold(struct ioreg_printer *p)
{
	/* tgetstr writes into this area, which must outlive the printer. */
	static char area[64];
	char *cursor = area;
	const char *term = getenv("TERM");
	char *on, *off;

	if (!term || tgetent(NULL, term) <= 0)
		return;
	on = tgetstr("md", &cursor);
	off = tgetstr("me", &cursor);
	if (cursor - area > (ptrdiff_t)sizeof(area))
		ioreg_fatal("can't obtain terminfo");
	if (on)
		p->bold_on = on;
	if (off)
		p->bold_off = off;
}

static int put_terminal_char(int c)
{
	return putchar(c);
}

void ioreg_print_bold(struct ioreg_printer *p, bool on)
{
	/* Terminal strings take no columns.  tputs writes to stdout. */
	if (p->out != stdout)
		fflush(p->out);
	tputs(on ? p->bold_on : p->bold_off, 1, put_terminal_char);
	if (p->out != stdout)
		fflush(stdout);
}

__attribute__((format(printf, 2, 0)))
static void print_va(struct ioreg_printer *p, const char *format, va_list args)
{
	char *text;
	int count;
	size_t shown;

	if (!p->width) {
		vfprintf(p->out, format, args);
		return;
	}
	count = vasprintf(&text, format, args);
	if (count < 0)
		ioreg_fatal("can't allocate buffer");
	shown = (uint32_t)count < p->left ? (size_t)count : p->left - 1;
	for (size_t i = 0; i < shown; i++)
		fputc(text[i] == '\n' ? ' ' : text[i], p->out);
	free(text);
	if ((uint32_t)count >= p->left) {
		count = (int)(p->left - 1);
		p->clipped = true;
	}
	p->left -= (uint32_t)count;
}

void ioreg_print(struct ioreg_printer *p, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	print_va(p, format, args);
	va_end(args);
}

void ioreg_println(struct ioreg_printer *p, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	print_va(p, format, args);
	va_end(args);
	if (p->clipped)
		fputc('$', p->out);
	fputc('\n', p->out);
	p->clipped = false;
	p->left = p->width;
}

void ioreg_bits_set(struct ioreg_bits *b, uint32_t index, bool value)
{
	if (index >= b->size) {
		size_t size = b->size ? b->size : 64;
		uint8_t *grown;

		if (!value)
			return;		/* unset bits read as 0 */
		while (size <= index)
			size *= 2;
		grown = realloc(b->bits, size);
		if (!grown)
			ioreg_fatal("can't allocate buffer");
		memset(grown + b->size, 0, size - b->size);
		b->bits = grown;
		b->size = size;
	}
	b->bits[index] = value;
}

bool ioreg_bits_get(const struct ioreg_bits *b, uint32_t index)
{
	return index < b->size && b->bits[index];
}

void ioreg_bits_free(struct ioreg_bits *b)
{
	free(b->bits);
	b->bits = NULL;
	b->size = 0;
}

void ioreg_indent(struct ioreg_printer *p, bool is_node, uint32_t depth,
		  const struct ioreg_bits *bits)
{
	uint32_t count = is_node ? depth : depth + 2;

	for (uint32_t i = 0; i < count; i++)
		ioreg_print(p, "%s", ioreg_bits_get(bits, i) ? "| " : "  ");
	if (is_node)
		ioreg_print(p, "+-o ");
}
