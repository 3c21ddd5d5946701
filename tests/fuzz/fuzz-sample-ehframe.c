// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzzes hr-sample's unwind-table reader: the input is the contents of an
 * .eh_frame (first byte even) or .debug_frame (odd) section, put in a small
 * ELF file with one loadable segment; no crash, no leak, and tables in range.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/hr-sample/ehframe.h"
#include "../../tools/hr-sample/sample.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char names[] = "\0.shstrtab\0.eh_frame\0.debug_frame";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		Elf64_Shdr sh[3];
		char names[sizeof(names)];
	} head;
	struct binary b;
	size_t total;
	unsigned char *file;

	if (size < 1 || size > (1u << 20))
		return 0;
	memset(&head, 0, sizeof(head));
	memcpy(head.eh.e_ident, ELFMAG, SELFMAG);
	head.eh.e_ident[EI_CLASS] = ELFCLASS64;
	head.eh.e_phoff = offsetof(__typeof__(head), ph);
	head.eh.e_phentsize = sizeof(Elf64_Phdr);
	head.eh.e_phnum = 1;
	head.eh.e_shoff = offsetof(__typeof__(head), sh);
	head.eh.e_shentsize = sizeof(Elf64_Shdr);
	head.eh.e_shnum = 3;
	head.eh.e_shstrndx = 1;
	head.ph.p_type = PT_LOAD;
	head.ph.p_vaddr = 0x400000;
	head.ph.p_filesz = sizeof(head) + size - 1;
	head.sh[1] = (Elf64_Shdr){ .sh_name = 1, .sh_type = SHT_STRTAB,
				   .sh_offset = offsetof(__typeof__(head), names),
				   .sh_size = sizeof(names) };
	head.sh[2] = (Elf64_Shdr){ .sh_name = data[0] & 1 ? 21 : 11, .sh_type = SHT_PROGBITS,
				   .sh_offset = sizeof(head), .sh_size = size - 1,
				   .sh_addr = 0x400000 + sizeof(head) };
	memcpy(head.names, names, sizeof(names));
	total = sizeof(head) + size - 1;
	file = malloc(total);
	memcpy(file, &head, sizeof(head));
	memcpy(file + sizeof(head), data + 1, size - 1);

	memset(&b, 0, sizeof(b));
	b.data = file;
	b.size = total;
	b.id = 1;
	ehframe_load(&b);
	if (b.nsegs != 1 || (b.synth && !b.fde_count) || (b.dsynth && (!b.dfde_count || !b.dframe)))
		abort();
	ehframe_release(&b);
	free(file);
	return 0;
}
