#background	#eeeeee	#e0e0ff
#svg	1200	470
#text	details	10	453	 
#text	ignorecase	1174	24	ic
#text	matched	1090	453	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
ObjArrayKlass::multi_allocate (6 samples, 3.00%)	145.7	357	35.4	15	#7373de	148.70	367.5	Obj..
OptoRuntime::multianewarray2_C (6 samples, 3.00%)	145.7	373	35.4	15	#5959c6	148.70	383.5	Opt..
TypeArrayKlass::allocate_common (6 samples, 3.00%)	145.7	325	35.4	15	#5050be	148.70	335.5	Typ..
TypeArrayKlass::multi_allocate (6 samples, 3.00%)	145.7	341	35.4	15	#5959c6	148.70	351.5	Typ..
[perf-10939.map] (10 samples, 5.00%)	352.2	357	59.0	15	#7070db	355.20	367.5	[perf-..
[perf-10939.map] (56 samples, 28.00%)	10.0	389	330.4	15	#7070db	13.00	399.5	[perf-10939.map]
[perf-10939.map] (69 samples, 34.50%)	340.4	373	407.1	15	#7070db	343.40	383.5	[perf-10939.map]
[unknown] (69 samples, 34.50%)	340.4	389	407.1	15	#5656c3	343.40	399.5	[unknown]
__do_page_fault (27 samples, 13.50%)	181.1	341	159.3	15	#8181eb	184.10	351.5	__do_page_fault
__do_page_fault (56 samples, 28.00%)	411.2	325	330.4	15	#8181eb	414.20	335.5	__do_page_fault
__do_page_fault (6 samples, 3.00%)	145.7	277	35.4	15	#8181eb	148.70	287.5	__d..
__do_page_fault (9 samples, 4.50%)	358.1	309	53.1	15	#8181eb	361.10	319.5	__do_..
__xen_send_IPI_mask (25 samples, 12.50%)	192.9	133	147.5	15	#7676e0	195.90	143.5	__xen_send_IPI_mask
__xen_send_IPI_mask (53 samples, 26.50%)	423.0	117	312.7	15	#7676e0	426.00	127.5	__xen_send_IPI_mask
__xen_send_IPI_mask (6 samples, 3.00%)	145.7	69	35.4	15	#7676e0	148.70	79.5	__x..
__xen_send_IPI_mask (9 samples, 4.50%)	358.1	101	53.1	15	#7676e0	361.10	111.5	__xen..
_raw_spin_unlock_irqrestore (1 samples, 0.50%)	187.0	149	5.9	15	#7373de
all (200 samples, 100%)	10.0	421	1180.0	15	#5a5ac7
arch_cpu_idle (2 samples, 1.00%)	1178.2	309	11.8	15	#6868d4
arch_cpu_idle (73 samples, 36.50%)	747.5	357	430.7	15	#6868d4	750.50	367.5	arch_cpu_idle
change_prot_numa (1 samples, 0.50%)	741.6	293	5.9	15	#8989f2
change_protection (1 samples, 0.50%)	741.6	277	5.9	15	#5d5dca
change_protection_range (1 samples, 0.50%)	741.6	261	5.9	15	#5757c4
cpu_startup_entry (2 samples, 1.00%)	1178.2	325	11.8	15	#5555c2
cpu_startup_entry (73 samples, 36.50%)	747.5	373	430.7	15	#5555c2	750.50	383.5	cpu_startup_entry
cpumask_next_and (1 samples, 0.50%)	145.7	53	5.9	15	#7777e2
default_idle (2 samples, 1.00%)	1178.2	293	11.8	15	#8080ea
default_idle (73 samples, 36.50%)	747.5	341	430.7	15	#8080ea	750.50	351.5	default_idle
do_notify_resume (1 samples, 0.50%)	741.6	341	5.9	15	#7979e4
do_numa_page (27 samples, 13.50%)	181.1	309	159.3	15	#5b5bc8	184.10	319.5	do_numa_page
do_numa_page (54 samples, 27.00%)	423.0	293	318.6	15	#5b5bc8	426.00	303.5	do_numa_page
do_numa_page (6 samples, 3.00%)	145.7	245	35.4	15	#5b5bc8	148.70	255.5	do_..
do_numa_page (9 samples, 4.50%)	358.1	277	53.1	15	#5b5bc8	361.10	287.5	do_nu..
do_page_fault (27 samples, 13.50%)	181.1	357	159.3	15	#6666d2	184.10	367.5	do_page_fault
do_page_fault (56 samples, 28.00%)	411.2	341	330.4	15	#6666d2	414.20	351.5	do_page_fault
do_page_fault (6 samples, 3.00%)	145.7	293	35.4	15	#6666d2	148.70	303.5	do_..
do_page_fault (9 samples, 4.50%)	358.1	325	53.1	15	#6666d2	361.10	335.5	do_pa..
evtchn_from_irq (1 samples, 0.50%)	198.8	85	5.9	15	#8080ea
find_next_bit (1 samples, 0.50%)	145.7	37	5.9	15	#8686f0
find_next_bit (1 samples, 0.50%)	735.7	117	5.9	15	#8686f0
flush_tlb_page (27 samples, 13.50%)	181.1	197	159.3	15	#5f5fcb	184.10	207.5	flush_tlb_page
flush_tlb_page (54 samples, 27.00%)	423.0	181	318.6	15	#5f5fcb	426.00	191.5	flush_tlb_page
flush_tlb_page (6 samples, 3.00%)	145.7	133	35.4	15	#5f5fcb	148.70	143.5	flu..
flush_tlb_page (9 samples, 4.50%)	358.1	165	53.1	15	#5f5fcb	361.10	175.5	flush..
handle_mm_fault (27 samples, 13.50%)	181.1	325	159.3	15	#7b7be5	184.10	335.5	handle_mm_fault
handle_mm_fault (54 samples, 27.00%)	423.0	309	318.6	15	#7b7be5	426.00	319.5	handle_mm_fault
handle_mm_fault (6 samples, 3.00%)	145.7	261	35.4	15	#7b7be5	148.70	271.5	han..
handle_mm_fault (9 samples, 4.50%)	358.1	293	53.1	15	#7b7be5	361.10	303.5	handl..
irq_get_irq_data (1 samples, 0.50%)	198.8	69	5.9	15	#6666d2
irq_to_desc (1 samples, 0.50%)	198.8	53	5.9	15	#8686f0
java (125 samples, 62.50%)	10.0	405	737.5	15	#5959c7	13.00	415.5	java
migrate_misplaced_page (27 samples, 13.50%)	181.1	293	159.3	15	#8787f0	184.10	303.5	migrate_misplaced_page
migrate_misplaced_page (54 samples, 27.00%)	423.0	277	318.6	15	#8787f0	426.00	287.5	migrate_misplaced_page
migrate_misplaced_page (6 samples, 3.00%)	145.7	229	35.4	15	#8787f0	148.70	239.5	mig..
migrate_misplaced_page (9 samples, 4.50%)	358.1	261	53.1	15	#8787f0	361.10	271.5	migra..
migrate_pages (27 samples, 13.50%)	181.1	277	159.3	15	#7171dc	184.10	287.5	migrate_pages
migrate_pages (54 samples, 27.00%)	423.0	261	318.6	15	#7171dc	426.00	271.5	migrate_pages
migrate_pages (6 samples, 3.00%)	145.7	213	35.4	15	#7171dc	148.70	223.5	mig..
migrate_pages (9 samples, 4.50%)	358.1	245	53.1	15	#7171dc	361.10	255.5	migra..
native_flush_tlb_others (27 samples, 13.50%)	181.1	181	159.3	15	#6464d0	184.10	191.5	native_flush_tlb_oth..
native_flush_tlb_others (54 samples, 27.00%)	423.0	165	318.6	15	#6464d0	426.00	175.5	native_flush_tlb_others
native_flush_tlb_others (6 samples, 3.00%)	145.7	117	35.4	15	#6464d0	148.70	127.5	nat..
native_flush_tlb_others (9 samples, 4.50%)	358.1	149	53.1	15	#6464d0	361.10	159.5	nativ..
native_safe_halt (2 samples, 1.00%)	1178.2	277	11.8	15	#7676e0
native_safe_halt (73 samples, 36.50%)	747.5	325	430.7	15	#7676e0	750.50	335.5	native_safe_halt
notify_remote_via_irq (2 samples, 1.00%)	192.9	101	11.8	15	#5555c2
page_fault (27 samples, 13.50%)	181.1	373	159.3	15	#8686ef	184.10	383.5	page_fault
page_fault (56 samples, 28.00%)	411.2	357	330.4	15	#8686ef	414.20	367.5	page_fault
page_fault (6 samples, 3.00%)	145.7	309	35.4	15	#8686ef	148.70	319.5	pag..
page_fault (9 samples, 4.50%)	358.1	341	53.1	15	#8686ef	361.10	351.5	page_..
ptep_clear_flush (27 samples, 13.50%)	181.1	213	159.3	15	#5a5ac7	184.10	223.5	ptep_clear_flush
ptep_clear_flush (54 samples, 27.00%)	423.0	197	318.6	15	#5a5ac7	426.00	207.5	ptep_clear_flush
ptep_clear_flush (6 samples, 3.00%)	145.7	149	35.4	15	#5a5ac7	148.70	159.5	pte..
ptep_clear_flush (9 samples, 4.50%)	358.1	181	53.1	15	#5a5ac7	361.10	191.5	ptep_..
radix_tree_lookup_element (1 samples, 0.50%)	198.8	37	5.9	15	#8b8bf4
rest_init (2 samples, 1.00%)	1178.2	341	11.8	15	#5454c2
retint_signal (1 samples, 0.50%)	741.6	357	5.9	15	#5454c1
smp_call_function_many (27 samples, 13.50%)	181.1	165	159.3	15	#8a8af3	184.10	175.5	smp_call_function_many
smp_call_function_many (54 samples, 27.00%)	423.0	149	318.6	15	#8a8af3	426.00	159.5	smp_call_function_many
smp_call_function_many (6 samples, 3.00%)	145.7	101	35.4	15	#8a8af3	148.70	111.5	smp..
smp_call_function_many (9 samples, 4.50%)	358.1	133	53.1	15	#8a8af3	361.10	143.5	smp_c..
start_kernel (2 samples, 1.00%)	1178.2	357	11.8	15	#5757c4
start_secondary (73 samples, 36.50%)	747.5	389	430.7	15	#8484ed	750.50	399.5	start_secondary
swapper (75 samples, 37.50%)	747.5	405	442.5	15	#7979e3	750.50	415.5	swapper
task_numa_work (1 samples, 0.50%)	741.6	309	5.9	15	#6464d0
task_work_run (1 samples, 0.50%)	741.6	325	5.9	15	#5d5dca
try_to_unmap (27 samples, 13.50%)	181.1	261	159.3	15	#7777e2	184.10	271.5	try_to_unmap
try_to_unmap (54 samples, 27.00%)	423.0	245	318.6	15	#7777e2	426.00	255.5	try_to_unmap
try_to_unmap (6 samples, 3.00%)	145.7	197	35.4	15	#7777e2	148.70	207.5	try..
try_to_unmap (9 samples, 4.50%)	358.1	229	53.1	15	#7777e2	361.10	239.5	try_t..
try_to_unmap_anon (27 samples, 13.50%)	181.1	245	159.3	15	#5555c3	184.10	255.5	try_to_unmap_anon
try_to_unmap_anon (54 samples, 27.00%)	423.0	229	318.6	15	#5555c3	426.00	239.5	try_to_unmap_anon
try_to_unmap_anon (6 samples, 3.00%)	145.7	181	35.4	15	#5555c3	148.70	191.5	try..
try_to_unmap_anon (9 samples, 4.50%)	358.1	213	53.1	15	#5555c3	361.10	223.5	try_t..
try_to_unmap_one (27 samples, 13.50%)	181.1	229	159.3	15	#7f7fe9	184.10	239.5	try_to_unmap_one
try_to_unmap_one (54 samples, 27.00%)	423.0	213	318.6	15	#7f7fe9	426.00	223.5	try_to_unmap_one
try_to_unmap_one (6 samples, 3.00%)	145.7	165	35.4	15	#7f7fe9	148.70	175.5	try..
try_to_unmap_one (9 samples, 4.50%)	358.1	197	53.1	15	#7f7fe9	361.10	207.5	try_t..
x86_64_start_kernel (2 samples, 1.00%)	1178.2	389	11.8	15	#5959c6
x86_64_start_reservations (2 samples, 1.00%)	1178.2	373	11.8	15	#8181eb
xen_hypercall_event_channel_op (23 samples, 11.50%)	204.7	101	135.7	15	#6565d1	207.70	111.5	xen_hypercall_eve..
xen_hypercall_event_channel_op (5 samples, 2.50%)	151.6	37	29.5	15	#6565d1	154.60	47.5	xe..
xen_hypercall_event_channel_op (53 samples, 26.50%)	423.0	85	312.7	15	#6565d1	426.00	95.5	xen_hypercall_event_channel_op
xen_hypercall_event_channel_op (9 samples, 4.50%)	358.1	69	53.1	15	#6565d1	361.10	79.5	xen_h..
xen_send_IPI_one (25 samples, 12.50%)	192.9	117	147.5	15	#8484ee	195.90	127.5	xen_send_IPI_one
xen_send_IPI_one (5 samples, 2.50%)	151.6	53	29.5	15	#8484ee	154.60	63.5	xe..
xen_send_IPI_one (53 samples, 26.50%)	423.0	101	312.7	15	#8484ee	426.00	111.5	xen_send_IPI_one
xen_send_IPI_one (9 samples, 4.50%)	358.1	85	53.1	15	#8484ee	361.10	95.5	xen_s..
xen_smp_send_call_function_ipi (25 samples, 12.50%)	192.9	149	147.5	15	#6d6dd8	195.90	159.5	xen_smp_send_call_..
xen_smp_send_call_function_ipi (54 samples, 27.00%)	423.0	133	318.6	15	#6d6dd8	426.00	143.5	xen_smp_send_call_function_ipi
xen_smp_send_call_function_ipi (6 samples, 3.00%)	145.7	85	35.4	15	#6d6dd8	148.70	95.5	xen..
xen_smp_send_call_function_ipi (9 samples, 4.50%)	358.1	117	53.1	15	#6d6dd8	361.10	127.5	xen_s..
