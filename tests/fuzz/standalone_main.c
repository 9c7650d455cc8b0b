/* A main() for fuzz targets built without libFuzzer: feeds every file named
 * on the command line (or stdin when none) to LLVMFuzzerTestOneInput, then,
 * with FUZZ_MUTATIONS=N, N pseudo-random mutations of each input, so CI can
 * run a short pass with gcc alone. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *read_all(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0;
	uint8_t *buf = malloc(cap);

	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		cap *= 2;
		uint8_t *bigger = realloc(buf, cap);
		if (!bigger) {
			free(buf);
			return NULL;
		}
		buf = bigger;
	}
	*len = n;
	return buf;
}

static void mutate_and_run(const uint8_t *data, size_t len, unsigned rounds)
{
	uint8_t *copy = malloc(len + 16);
	unsigned seed = 12345;

	if (!copy)
		return;
	for (unsigned r = 0; r < rounds; r++) {
		size_t n = len;
		memcpy(copy, data, len);
		seed = seed * 1103515245u + 12345u;
		switch (seed % 4) {
		case 0:	/* flip bytes */
			for (unsigned k = 0; k < 1 + seed % 8 && n; k++)
				copy[(seed >> (k + 3)) % n] ^= (uint8_t)(seed >> k);
			break;
		case 1:	/* truncate */
			n = n ? (seed >> 4) % n : 0;
			break;
		case 2:	/* insert structural bytes */
			if (n) {
				static const char s[] = "<>{}()\"=,@|+-o\n\0";
				copy[(seed >> 5) % n] = (uint8_t)s[(seed >> 9) % (sizeof(s) - 1)];
			}
			break;
		default: /* duplicate a chunk over another */
			if (n > 8) {
				size_t a = (seed >> 3) % n, b = (seed >> 13) % n;
				size_t c = (seed >> 7) % 8;
				if (a + c <= n && b + c <= n)
					memmove(copy + a, copy + b, c);
			}
			break;
		}
		LLVMFuzzerTestOneInput(copy, n);
	}
	free(copy);
}

int main(int argc, char **argv)
{
	unsigned rounds = getenv("FUZZ_MUTATIONS") ? (unsigned)atoi(getenv("FUZZ_MUTATIONS")) : 0;

	for (int i = 1; i < argc || (argc == 1 && i == 1); i++) {
		FILE *f = argc == 1 ? stdin : fopen(argv[i], "rb");
		size_t len = 0;
		uint8_t *data;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		data = read_all(f, &len);
		if (f != stdin)
			fclose(f);
		if (!data)
			return 1;
		LLVMFuzzerTestOneInput(data, len);
		mutate_and_run(data, len, rounds);
		free(data);
	}
	return 0;
}
