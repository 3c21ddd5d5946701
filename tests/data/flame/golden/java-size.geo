#background	#eeeeee	#eeeeb0
#svg	800	1480
#text	details	10	1465	 
#text	ignorecase	774	20	ic
#text	matched	690	1465	 
#text	search	690	20	Search
#text	title	400	20	Flame Graph
#text	unzoom	10	20	Reset Zoom
Interpreter (32 samples, 69.57%)	145.7	1191	542.6	19	#cd0200	148.65	1203.5	Interpreter
Interpreter (32 samples, 69.57%)	145.7	1211	542.6	19	#cd0200	148.65	1223.5	Interpreter
JavaCalls::call_helper (32 samples, 69.57%)	145.7	1251	542.6	19	#d52709	148.65	1263.5	JavaCalls::call_helper
JavaCalls::call_virtual (32 samples, 69.57%)	145.7	1271	542.6	19	#f1a728	148.65	1283.5	JavaCalls::call_virtual
JavaCalls::call_virtual (32 samples, 69.57%)	145.7	1291	542.6	19	#f1a728	148.65	1303.5	JavaCalls::call_virtual
JavaThread::run (32 samples, 69.57%)	145.7	1351	542.6	19	#f1a928	148.65	1363.5	JavaThread::run
JavaThread::thread_main_inner (32 samples, 69.57%)	145.7	1331	542.6	19	#e26417	148.65	1343.5	JavaThread::thread_main_inner
[[vdso]] (1 samples, 2.17%)	10.0	1371	17.0	19	#e05a15
[libpthread-2.19.so] (2 samples, 4.35%)	196.5	811	33.9	19	#cf0902	199.52	823.5	[l..
[perf] (5 samples, 10.87%)	688.3	1331	84.7	19	#fddf35	691.26	1343.5	[perf]
[perf] (5 samples, 10.87%)	688.3	1351	84.7	19	#fddf35	691.26	1363.5	[perf]
[perf] (5 samples, 10.87%)	688.3	1371	84.7	19	#fddf35	691.26	1383.5	[perf]
[unknown] (8 samples, 17.39%)	10.0	1391	135.7	19	#d21805	13.00	1403.5	[unknown]
__GI___ioctl (4 samples, 8.70%)	688.3	1311	67.8	19	#e8801e	691.26	1323.5	__GI___..
__alloc_skb (1 samples, 2.17%)	111.7	1191	17.0	19	#e9821f
__do_softirq (1 samples, 2.17%)	196.5	451	17.0	19	#fddd34
__do_softirq (1 samples, 2.17%)	94.8	1011	16.9	19	#fddd34
__epoll_wait_nocancel (1 samples, 2.17%)	10.0	1351	17.0	19	#fdde35
__kfree_skb (1 samples, 2.17%)	94.8	731	16.9	19	#dc4610
__kmalloc_reserve.isra.26 (1 samples, 2.17%)	111.7	1171	17.0	19	#db420f
__libc_enable_asynccancel (1 samples, 2.17%)	671.3	1051	17.0	19	#db4310
__libc_start_main (5 samples, 10.87%)	688.3	1391	84.7	19	#ec8e22	691.26	1403.5	__libc_sta..
__netif_receive_skb (1 samples, 2.17%)	196.5	391	17.0	19	#e05a15
__netif_receive_skb (1 samples, 2.17%)	94.8	951	16.9	19	#e05a15
__netif_receive_skb_core (1 samples, 2.17%)	196.5	371	17.0	19	#d7300b
__netif_receive_skb_core (1 samples, 2.17%)	94.8	931	16.9	19	#d7300b
__perf_event_enable (4 samples, 8.70%)	264.3	851	67.9	19	#f4b32a	267.35	863.5	__perf_..
__perf_event_enable (4 samples, 8.70%)	27.0	1151	67.8	19	#f4b32a	29.96	1163.5	__perf_..
__perf_event_enable (4 samples, 8.70%)	535.7	711	67.8	19	#f4b32a	538.65	723.5	__perf_..
__perf_event_enable (4 samples, 8.70%)	688.3	1111	67.8	19	#f4b32a	691.26	1123.5	__perf_..
__schedule (1 samples, 2.17%)	10.0	1211	17.0	19	#ea851f
__tcp_push_pending_frames (1 samples, 2.17%)	94.8	1211	16.9	19	#ec9323
__tcp_push_pending_frames (2 samples, 4.35%)	196.5	651	33.9	19	#ec9323	199.52	663.5	__..
__tcp_v4_send_check (1 samples, 2.17%)	213.5	571	16.9	19	#f4b62b
__wake_up_common (1 samples, 2.17%)	196.5	151	17.0	19	#fee336
__wake_up_common (1 samples, 2.17%)	196.5	91	17.0	19	#fee336
__wake_up_locked (1 samples, 2.17%)	196.5	111	17.0	19	#fddd34
__wake_up_sync_key (1 samples, 2.17%)	196.5	171	17.0	19	#e9821f
__write_nocancel (7 samples, 15.22%)	27.0	1371	118.7	19	#f3af2a	29.96	1383.5	__write_nocancel
_raw_spin_unlock_irqrestore (1 samples, 2.17%)	196.5	31	17.0	19	#ea8820
ab (8 samples, 17.39%)	10.0	1411	135.7	19	#fde035	13.00	1423.5	ab
all (46 samples, 100%)	10.0	1431	780.0	19	#d52709
call_function_single_interrupt (4 samples, 8.70%)	264.3	931	67.9	19	#cf0d03	267.35	943.5	call_fu..
call_function_single_interrupt (4 samples, 8.70%)	27.0	1231	67.8	19	#cf0d03	29.96	1243.5	call_fu..
call_function_single_interrupt (4 samples, 8.70%)	535.7	791	67.8	19	#cf0d03	538.65	803.5	call_fu..
call_stub (32 samples, 69.57%)	145.7	1231	542.6	19	#dc4510	148.65	1243.5	call_stub
cpu_function_call (4 samples, 8.70%)	688.3	1171	67.8	19	#f2ab28	691.26	1183.5	cpu_fun..
cpu_startup_entry (1 samples, 2.17%)	773.0	1311	17.0	19	#d11404
default_wake_function (1 samples, 2.17%)	196.5	71	17.0	19	#f6c02d
do_softirq (1 samples, 2.17%)	196.5	491	17.0	19	#e6741b
do_softirq (1 samples, 2.17%)	94.8	1051	16.9	19	#e6741b
do_softirq_own_stack (1 samples, 2.17%)	196.5	471	17.0	19	#cf0902
do_softirq_own_stack (1 samples, 2.17%)	94.8	1031	16.9	19	#cf0902
do_sync_write (2 samples, 4.35%)	196.5	731	33.9	19	#db4310	199.52	743.5	do..
do_sync_write (7 samples, 15.22%)	27.0	1291	118.7	19	#db4310	29.96	1303.5	do_sync_write
do_vfs_ioctl (4 samples, 8.70%)	688.3	1251	67.8	19	#e9831f	691.26	1263.5	do_vfs_..
ep_poll (1 samples, 2.17%)	10.0	1291	17.0	19	#f4b52b
ep_poll_callback (1 samples, 2.17%)	196.5	131	17.0	19	#e46e1a
generic_smp_call_function_single_interrupt (4 samples, 8.70%)	264.3	891	67.9	19	#e05b15	267.35	903.5	generic..
generic_smp_call_function_single_interrupt (4 samples, 8.70%)	27.0	1191	67.8	19	#e05b15	29.96	1203.5	generic..
generic_smp_call_function_single_interrupt (4 samples, 8.70%)	535.7	751	67.8	19	#e05b15	538.65	763.5	generic..
group_sched_in (4 samples, 8.70%)	264.3	831	67.9	19	#fcdc34	267.35	843.5	group_s..
group_sched_in (4 samples, 8.70%)	27.0	1131	67.8	19	#fcdc34	29.96	1143.5	group_s..
group_sched_in (4 samples, 8.70%)	535.7	691	67.8	19	#fcdc34	538.65	703.5	group_s..
group_sched_in (4 samples, 8.70%)	688.3	1091	67.8	19	#fcdc34	691.26	1103.5	group_s..
inet_sendmsg (2 samples, 4.35%)	196.5	691	33.9	19	#fbd533	199.52	703.5	in..
inet_sendmsg (7 samples, 15.22%)	27.0	1251	118.7	19	#fbd533	29.96	1263.5	inet_sendmsg
intel_pmu_enable_all (4 samples, 8.70%)	264.3	751	67.9	19	#d42208	267.35	763.5	intel_p..
intel_pmu_enable_all (4 samples, 8.70%)	27.0	1051	67.8	19	#d42208	29.96	1063.5	intel_p..
intel_pmu_enable_all (4 samples, 8.70%)	535.7	611	67.8	19	#d42208	538.65	623.5	intel_p..
intel_pmu_enable_all (4 samples, 8.70%)	688.3	1011	67.8	19	#d42208	691.26	1023.5	intel_p..
io/netty/buffer/AbstractByteBuf:.writeBytes (2 samples, 4.35%)	145.7	1091	33.9	19	#df5514	148.65	1103.5	io..
io/netty/buffer/PooledUnsafeDirectByteBuf:.getBytes (3 samples, 6.52%)	179.6	871	50.8	19	#ce0401	182.57	883.5	io/ne..
io/netty/channel/ChannelDuplexHandler:.flush (3 samples, 6.52%)	179.6	991	50.8	19	#ed9523	182.57	1003.5	io/ne..
io/netty/channel/ChannelOutboundHandlerAdapter:.flush (3 samples, 6.52%)	179.6	951	50.8	19	#f9cb30	182.57	963.5	io/ne..
io/netty/channel/DefaultChannelHandlerContext:.fireChannelRead (24 samples, 52.17%)	230.4	1051	407.0	19	#d00f03	233.43	1063.5	io/netty/channel/DefaultChannelHandlerContext:.fireChann..
io/netty/channel/DefaultChannelHandlerContext:.fireChannelRead (26 samples, 56.52%)	230.4	1091	440.9	19	#d00f03	233.43	1103.5	io/netty/channel/DefaultChannelHandlerContext:.fireChannelRead
io/netty/channel/DefaultChannelHandlerContext:.fireChannelReadComplete (3 samples, 6.52%)	179.6	1051	50.8	19	#e46d1a	182.57	1063.5	io/ne..
io/netty/channel/DefaultChannelHandlerContext:.fireChannelReadComplete (3 samples, 6.52%)	179.6	1091	50.8	19	#e46d1a	182.57	1103.5	io/ne..
io/netty/channel/DefaultChannelHandlerContext:.flush (3 samples, 6.52%)	179.6	1011	50.8	19	#d62b0a	182.57	1023.5	io/ne..
io/netty/channel/DefaultChannelHandlerContext:.flush (3 samples, 6.52%)	179.6	931	50.8	19	#d62b0a	182.57	943.5	io/ne..
io/netty/channel/DefaultChannelHandlerContext:.flush (3 samples, 6.52%)	179.6	971	50.8	19	#d62b0a	182.57	983.5	io/ne..
io/netty/channel/DefaultChannelPipeline$HeadHandler:.flush (3 samples, 6.52%)	179.6	911	50.8	19	#da3e0e	182.57	923.5	io/ne..
io/netty/channel/nio/AbstractNioByteChannel$NioByteUnsafe:.read (31 samples, 67.39%)	145.7	1111	525.6	19	#ea8520	148.65	1123.5	io/netty/channel/nio/AbstractNioByteChannel$NioByteUnsafe:.read
io/netty/channel/nio/AbstractNioByteChannel:.doWrite (3 samples, 6.52%)	179.6	891	50.8	19	#ec8f22	182.57	903.5	io/ne..
io/netty/channel/nio/NioEventLoop:.processSelectedKey (31 samples, 67.39%)	145.7	1131	525.6	19	#da3f0f	148.65	1143.5	io/netty/channel/nio/NioEventLoop:.processSelectedKey
io/netty/channel/nio/NioEventLoop:.processSelectedKeysOptimized (31 samples, 67.39%)	145.7	1151	525.6	19	#f5ba2c	148.65	1163.5	io/netty/channel/nio/NioEventLoop:.processSelectedKeysOptimized
io/netty/channel/nio/NioEventLoop:.run (32 samples, 69.57%)	145.7	1171	542.6	19	#d72f0b	148.65	1183.5	io/netty/channel/nio/NioEventLoop:.run
io/netty/channel/nio/NioEventLoop:.select (1 samples, 2.17%)	671.3	1151	17.0	19	#e9841f
io/netty/handler/codec/ByteToMessageDecoder:.channelRead (26 samples, 56.52%)	230.4	1071	440.9	19	#da3e0f	233.43	1083.5	io/netty/handler/codec/ByteToMessageDecoder:.channelRead
io/netty/handler/codec/ByteToMessageDecoder:.channelReadComplete (3 samples, 6.52%)	179.6	1071	50.8	19	#ef9d25	182.57	1083.5	io/ne..
io/netty/handler/codec/http/DefaultHttpHeaders:.add0 (1 samples, 2.17%)	467.8	811	17.0	19	#f9ce31
io/netty/handler/codec/http/HttpMethod:.valueOf (1 samples, 2.17%)	637.4	1031	16.9	19	#e87d1e
io/netty/handler/codec/http/HttpObjectDecoder:.decode (2 samples, 4.35%)	637.4	1051	33.9	19	#e05915	640.39	1063.5	io..
io/netty/handler/codec/http/HttpObjectDecoder:.findWhitespace (1 samples, 2.17%)	654.3	1031	17.0	19	#eb8a21
ip_finish_output (1 samples, 2.17%)	196.5	531	17.0	19	#f9cb30
ip_finish_output (1 samples, 2.17%)	94.8	1091	16.9	19	#f9cb30
ip_local_deliver (1 samples, 2.17%)	196.5	311	17.0	19	#ec9222
ip_local_deliver (1 samples, 2.17%)	94.8	871	16.9	19	#ec9222
ip_local_deliver_finish (1 samples, 2.17%)	196.5	291	17.0	19	#e87d1e
ip_local_deliver_finish (1 samples, 2.17%)	94.8	851	16.9	19	#e87d1e
ip_local_out (1 samples, 2.17%)	196.5	571	17.0	19	#f0a126
ip_local_out (1 samples, 2.17%)	94.8	1131	16.9	19	#f0a126
ip_output (1 samples, 2.17%)	196.5	551	17.0	19	#fddf35
ip_output (1 samples, 2.17%)	94.8	1111	16.9	19	#fddf35
ip_queue_xmit (1 samples, 2.17%)	196.5	591	17.0	19	#ed9523
ip_queue_xmit (1 samples, 2.17%)	94.8	1151	16.9	19	#ed9523
ip_rcv (1 samples, 2.17%)	196.5	351	17.0	19	#d8340c
ip_rcv (1 samples, 2.17%)	94.8	911	16.9	19	#d8340c
ip_rcv_finish (1 samples, 2.17%)	196.5	331	17.0	19	#d31f07
ip_rcv_finish (1 samples, 2.17%)	94.8	891	16.9	19	#d31f07
java (32 samples, 69.57%)	145.7	1411	542.6	19	#d52609	148.65	1423.5	java
java/lang/Thread:.blockedOn (1 samples, 2.17%)	162.6	1051	17.0	19	#df5313
java/lang/reflect/Method:.invoke (1 samples, 2.17%)	400.0	811	17.0	19	#d21a06
java/lang/reflect/Method:.invoke (1 samples, 2.17%)	467.8	831	17.0	19	#d21a06
java_start (32 samples, 69.57%)	145.7	1371	542.6	19	#f5b82c	148.65	1383.5	java_start
local_bh_enable (1 samples, 2.17%)	196.5	511	17.0	19	#ec9022
local_bh_enable (1 samples, 2.17%)	94.8	1071	16.9	19	#ec9022
native_write_msr_safe (4 samples, 8.70%)	264.3	731	67.9	19	#f9ce31	267.35	743.5	native_..
native_write_msr_safe (4 samples, 8.70%)	27.0	1031	67.8	19	#f9ce31	29.96	1043.5	native_..
native_write_msr_safe (4 samples, 8.70%)	535.7	591	67.8	19	#f9ce31	538.65	603.5	native_..
native_write_msr_safe (4 samples, 8.70%)	688.3	991	67.8	19	#f9ce31	691.26	1003.5	native_..
net_rx_action (1 samples, 2.17%)	196.5	431	17.0	19	#f7c22e
net_rx_action (1 samples, 2.17%)	94.8	991	16.9	19	#f7c22e
org/mozilla/javascript/BaseFunction:.construct (1 samples, 2.17%)	332.2	851	16.9	19	#f3af29
org/mozilla/javascript/BaseFunction:.construct (1 samples, 2.17%)	332.2	911	16.9	19	#f3af29
org/mozilla/javascript/BaseFunction:.construct (1 samples, 2.17%)	417.0	851	16.9	19	#f3af29
org/mozilla/javascript/BaseFunction:.construct (1 samples, 2.17%)	501.7	851	17.0	19	#f3af29
org/mozilla/javascript/BaseFunction:.construct (3 samples, 6.52%)	349.1	911	50.9	19	#f3af29	352.13	923.5	org/m..
org/mozilla/javascript/BaseFunction:.construct (3 samples, 6.52%)	417.0	911	50.8	19	#f3af29	419.96	923.5	org/m..
org/mozilla/javascript/BaseFunction:.construct (8 samples, 17.39%)	501.7	911	135.7	19	#f3af29	504.74	923.5	org/mozilla/javas..
org/mozilla/javascript/IdScriptableObject:.get (1 samples, 2.17%)	366.1	831	16.9	19	#d93b0e
org/mozilla/javascript/IdScriptableObject:.has (1 samples, 2.17%)	332.2	731	16.9	19	#f3b22a
org/mozilla/javascript/IdScriptableObject:.has (1 samples, 2.17%)	433.9	831	17.0	19	#f3b22a
org/mozilla/javascript/IdScriptableObject:.has (1 samples, 2.17%)	518.7	831	17.0	19	#f3b22a
org/mozilla/javascript/IdScriptableObject:.put (1 samples, 2.17%)	383.0	831	17.0	19	#ce0601
org/mozilla/javascript/IdScriptableObject:.put (1 samples, 2.17%)	450.9	831	16.9	19	#ce0601
org/mozilla/javascript/MemberBox:.invoke (1 samples, 2.17%)	400.0	831	17.0	19	#ee9b25
org/mozilla/javascript/MemberBox:.invoke (1 samples, 2.17%)	467.8	851	17.0	19	#ee9b25
org/mozilla/javascript/NativeFunction:.initScriptFunction (4 samples, 8.70%)	535.7	831	67.8	19	#d7320b	538.65	843.5	org/moz..
org/mozilla/javascript/NativeJavaMethod:.call (1 samples, 2.17%)	400.0	851	17.0	19	#e9821f
org/mozilla/javascript/NativeJavaMethod:.call (1 samples, 2.17%)	467.8	871	17.0	19	#e9821f
org/mozilla/javascript/ScriptRuntime:.getPropFunctionAndThis (1 samples, 2.17%)	349.1	851	17.0	19	#d72f0b
org/mozilla/javascript/ScriptRuntime:.nameOrFunction (1 samples, 2.17%)	366.1	851	16.9	19	#f7c42f
org/mozilla/javascript/ScriptRuntime:.setObjectProp (1 samples, 2.17%)	332.2	751	16.9	19	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (1 samples, 2.17%)	383.0	851	17.0	19	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (1 samples, 2.17%)	417.0	711	16.9	19	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (1 samples, 2.17%)	518.7	851	17.0	19	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (1 samples, 2.17%)	620.4	811	17.0	19	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (2 samples, 4.35%)	433.9	851	33.9	19	#f3b22a	436.91	863.5	or..
org/mozilla/javascript/ScriptableObject:.createSlot (1 samples, 2.17%)	383.0	791	17.0	19	#f5bb2c
org/mozilla/javascript/ScriptableObject:.createSlot (1 samples, 2.17%)	450.9	791	16.9	19	#f5bb2c
org/mozilla/javascript/ScriptableObject:.getSlot (1 samples, 2.17%)	366.1	811	16.9	19	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (1 samples, 2.17%)	383.0	811	17.0	19	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (1 samples, 2.17%)	417.0	691	16.9	19	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (1 samples, 2.17%)	450.9	811	16.9	19	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (1 samples, 2.17%)	518.7	811	17.0	19	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (1 samples, 2.17%)	620.4	791	17.0	19	#eb8b21
org/mozilla/javascript/TopLevel:.getBuiltinPrototype (4 samples, 8.70%)	535.7	811	67.8	19	#f9cb30	538.65	823.5	org/moz..
org/mozilla/javascript/WrapFactory:.wrap (4 samples, 8.70%)	264.3	951	67.9	19	#ee9a24	267.35	963.5	org/moz..
org/mozilla/javascript/gen/file__home_bgregg_bench_Server_js_js_2:.call (1 samples, 2.17%)	467.8	911	17.0	19	#e5701a
org/mozilla/javascript/gen/file__home_bgregg_bench_Server_js_js_4:._c_anonymous_1 (1 samples, 2.17%)	400.0	891	17.0	19	#d62c0a
org/mozilla/javascript/gen/file__home_bgregg_bench_Server_js_js_4:.call (1 samples, 2.17%)	400.0	911	17.0	19	#d8350c
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:._c_anonymous_21 (1 samples, 2.17%)	332.2	811	16.9	19	#f8c72f
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:._c_anonymous_3 (1 samples, 2.17%)	332.2	871	16.9	19	#d00f03
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (1 samples, 2.17%)	332.2	831	16.9	19	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (1 samples, 2.17%)	332.2	891	16.9	19	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (1 samples, 2.17%)	332.2	931	16.9	19	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (1 samples, 2.17%)	332.2	951	16.9	19	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:._c_anonymous_3 (3 samples, 6.52%)	349.1	871	50.9	19	#fbd733	352.13	883.5	org/m..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (1 samples, 2.17%)	400.0	871	17.0	19	#d8360d
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (3 samples, 6.52%)	349.1	891	50.9	19	#d8360d	352.13	903.5	org/m..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (4 samples, 8.70%)	349.1	931	67.9	19	#d8360d	352.13	943.5	org/moz..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (4 samples, 8.70%)	349.1	951	67.9	19	#d8360d	352.13	963.5	org/moz..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:._c_anonymous_21 (1 samples, 2.17%)	417.0	811	16.9	19	#eb8b21
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:._c_anonymous_3 (3 samples, 6.52%)	417.0	871	50.8	19	#f5ba2c	419.96	883.5	org/m..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (1 samples, 2.17%)	417.0	831	16.9	19	#d21805
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (1 samples, 2.17%)	467.8	891	17.0	19	#d21805
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (3 samples, 6.52%)	417.0	891	50.8	19	#d21805	419.96	903.5	org/m..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (4 samples, 8.70%)	417.0	931	67.8	19	#d21805	419.96	943.5	org/moz..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (4 samples, 8.70%)	417.0	951	67.8	19	#d21805	419.96	963.5	org/moz..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.&lt;init&gt; (4 samples, 8.70%)	535.7	851	67.8	19	#fee236	538.65	863.5	org/moz..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:._c_anonymous_21 (1 samples, 2.17%)	501.7	811	17.0	19	#de5013
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:._c_anonymous_3 (8 samples, 17.39%)	501.7	871	135.7	19	#e87e1e	504.74	883.5	org/mozilla/javas..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (1 samples, 2.17%)	501.7	831	17.0	19	#f7c32e
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (8 samples, 17.39%)	501.7	891	135.7	19	#f7c32e	504.74	903.5	org/mozilla/javas..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (9 samples, 19.57%)	484.8	931	152.6	19	#f7c32e	487.78	943.5	org/mozilla/javascr..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (9 samples, 19.57%)	484.8	951	152.6	19	#f7c32e	487.78	963.5	org/mozilla/javascr..
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.getParamAndVarCount (1 samples, 2.17%)	501.7	791	17.0	19	#dc4711
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.getParamCount (1 samples, 2.17%)	603.5	851	16.9	19	#d7300b
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_31:.call (1 samples, 2.17%)	332.2	771	16.9	19	#ee9924
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_47:.call (1 samples, 2.17%)	620.4	831	17.0	19	#f3af2a
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_49:.call (1 samples, 2.17%)	417.0	731	16.9	19	#e6741b
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_49:.call (1 samples, 2.17%)	417.0	771	16.9	19	#e6741b
org/mozilla/javascript/optimizer/OptRuntime:.call2 (1 samples, 2.17%)	332.2	791	16.9	19	#d8320c
org/mozilla/javascript/optimizer/OptRuntime:.call2 (1 samples, 2.17%)	417.0	751	16.9	19	#d8320c
org/mozilla/javascript/optimizer/OptRuntime:.call2 (1 samples, 2.17%)	417.0	791	16.9	19	#d8320c
org/mozilla/javascript/optimizer/OptRuntime:.call2 (1 samples, 2.17%)	620.4	851	17.0	19	#d8320c
org/vertx/java/core/http/impl/DefaultHttpServer$ServerHandler:.doMessageReceived (23 samples, 50.00%)	247.4	991	390.0	19	#fbd733	250.39	1003.5	org/vertx/java/core/http/impl/DefaultHttpServer$Serve..
org/vertx/java/core/http/impl/ServerConnection:.handleMessage (23 samples, 50.00%)	247.4	971	390.0	19	#d7300b	250.39	983.5	org/vertx/java/core/http/impl/ServerConnection:.handl..
org/vertx/java/core/http/impl/VertxHttpHandler:.channelRead (23 samples, 50.00%)	247.4	1011	390.0	19	#f0a126	250.39	1023.5	org/vertx/java/core/http/impl/VertxHttpHandler:.chann..
org/vertx/java/core/net/impl/VertxHandler:.channelRead (23 samples, 50.00%)	247.4	1031	390.0	19	#d01204	250.39	1043.5	org/vertx/java/core/net/impl/VertxHandler:.channelRead
org/vertx/java/core/net/impl/VertxHandler:.channelReadComplete (3 samples, 6.52%)	179.6	1031	50.8	19	#e5711b	182.57	1043.5	org/v..
page_fault (1 samples, 2.17%)	756.1	1311	16.9	19	#facf31
perf (5 samples, 10.87%)	688.3	1411	84.7	19	#f2ab28	691.26	1423.5	perf
perf_event_enable (4 samples, 8.70%)	688.3	1191	67.8	19	#dd4b12	691.26	1203.5	perf_ev..
perf_event_for_each_child (4 samples, 8.70%)	688.3	1211	67.8	19	#e6761c	691.26	1223.5	perf_ev..
perf_ioctl (4 samples, 8.70%)	688.3	1231	67.8	19	#fddd34	691.26	1243.5	perf_io..
perf_pmu_enable (4 samples, 8.70%)	264.3	791	67.9	19	#d72e0b	267.35	803.5	perf_pm..
perf_pmu_enable (4 samples, 8.70%)	27.0	1091	67.8	19	#d72e0b	29.96	1103.5	perf_pm..
perf_pmu_enable (4 samples, 8.70%)	535.7	651	67.8	19	#d72e0b	538.65	663.5	perf_pm..
perf_pmu_enable (4 samples, 8.70%)	688.3	1051	67.8	19	#d72e0b	691.26	1063.5	perf_pm..
process_backlog (1 samples, 2.17%)	196.5	411	17.0	19	#e7781c
process_backlog (1 samples, 2.17%)	94.8	971	16.9	19	#e7781c
pthread_self (1 samples, 2.17%)	179.6	831	16.9	19	#f1a928
rcu_idle_enter (1 samples, 2.17%)	773.0	1291	17.0	19	#eb8b21
remote_function (4 samples, 8.70%)	264.3	871	67.9	19	#e05915	267.35	883.5	remote_..
remote_function (4 samples, 8.70%)	27.0	1171	67.8	19	#e05915	29.96	1183.5	remote_..
remote_function (4 samples, 8.70%)	535.7	731	67.8	19	#e05915	538.65	743.5	remote_..
remote_function (4 samples, 8.70%)	688.3	1131	67.8	19	#e05915	691.26	1143.5	remote_..
rest_init (1 samples, 2.17%)	773.0	1331	17.0	19	#d01104
schedule (1 samples, 2.17%)	10.0	1231	17.0	19	#d31d07
schedule_hrtimeout_range (1 samples, 2.17%)	10.0	1271	17.0	19	#e36919
schedule_hrtimeout_range_clock (1 samples, 2.17%)	10.0	1251	17.0	19	#e56f1a
sk_stream_alloc_skb (1 samples, 2.17%)	111.7	1211	17.0	19	#ed9423
smp_call_function_single (4 samples, 8.70%)	688.3	1151	67.8	19	#e5711b	691.26	1163.5	smp_cal..
smp_call_function_single_interrupt (4 samples, 8.70%)	264.3	911	67.9	19	#df5614	267.35	923.5	smp_cal..
smp_call_function_single_interrupt (4 samples, 8.70%)	27.0	1211	67.8	19	#df5614	29.96	1223.5	smp_cal..
smp_call_function_single_interrupt (4 samples, 8.70%)	535.7	771	67.8	19	#df5614	538.65	783.5	smp_cal..
sock_aio_write (2 samples, 4.35%)	196.5	711	33.9	19	#f4b72b	199.52	723.5	so..
sock_aio_write (7 samples, 15.22%)	27.0	1271	118.7	19	#f4b72b	29.96	1283.5	sock_aio_write
sock_def_readable (1 samples, 2.17%)	196.5	191	17.0	19	#df5414
start_kernel (1 samples, 2.17%)	773.0	1351	17.0	19	#d21b06
start_thread (32 samples, 69.57%)	145.7	1391	542.6	19	#d42208	148.65	1403.5	start_thread
sun/nio/ch/EPollArrayWrapper:.epollWait (1 samples, 2.17%)	671.3	1071	17.0	19	#e15f16
sun/nio/ch/EPollArrayWrapper:.poll (1 samples, 2.17%)	671.3	1091	17.0	19	#f4b52b
sun/nio/ch/EPollSelectorImpl:.doSelect (1 samples, 2.17%)	671.3	1111	17.0	19	#df5614
sun/nio/ch/FileDispatcherImpl:.write0 (2 samples, 4.35%)	196.5	831	33.9	19	#ea8620	199.52	843.5	su..
sun/nio/ch/SelectorImpl:.lockAndDoSelect (1 samples, 2.17%)	671.3	1131	17.0	19	#e9821f
sun/nio/ch/SocketChannelImpl:.read (2 samples, 4.35%)	145.7	1071	33.9	19	#dc4711	148.65	1083.5	su..
sun/nio/ch/SocketChannelImpl:.write (3 samples, 6.52%)	179.6	851	50.8	19	#f6c02e	182.57	863.5	sun/n..
swapper (1 samples, 2.17%)	773.0	1411	17.0	19	#ef9e25
sys_epoll_wait (1 samples, 2.17%)	10.0	1311	17.0	19	#d52909
sys_ioctl (4 samples, 8.70%)	688.3	1271	67.8	19	#cf0902	691.26	1283.5	sys_ioctl
sys_write (2 samples, 4.35%)	196.5	771	33.9	19	#fddf35	199.52	783.5	sy..
sys_write (7 samples, 15.22%)	27.0	1331	118.7	19	#fddf35	29.96	1343.5	sys_write
system_call_fastpath (1 samples, 2.17%)	10.0	1331	17.0	19	#d01104
system_call_fastpath (2 samples, 4.35%)	196.5	791	33.9	19	#d01104	199.52	803.5	sy..
system_call_fastpath (4 samples, 8.70%)	688.3	1291	67.8	19	#d01104	691.26	1303.5	system_..
system_call_fastpath (7 samples, 15.22%)	27.0	1351	118.7	19	#d01104	29.96	1363.5	system_call_fa..
tcp_ack (1 samples, 2.17%)	94.8	771	16.9	19	#ec9122
tcp_clean_rtx_queue (1 samples, 2.17%)	94.8	751	16.9	19	#e87d1e
tcp_current_mss (1 samples, 2.17%)	128.7	1191	17.0	19	#d11605
tcp_data_queue (1 samples, 2.17%)	196.5	211	17.0	19	#eb8b21
tcp_rcv_established (1 samples, 2.17%)	196.5	231	17.0	19	#f8c82f
tcp_rcv_established (1 samples, 2.17%)	94.8	791	16.9	19	#f8c82f
tcp_send_mss (1 samples, 2.17%)	128.7	1211	17.0	19	#ee9924
tcp_sendmsg (2 samples, 4.35%)	196.5	671	33.9	19	#e5711b	199.52	683.5	tc..
tcp_sendmsg (3 samples, 6.52%)	94.8	1231	50.9	19	#e5711b	97.78	1243.5	tcp_s..
tcp_transmit_skb (1 samples, 2.17%)	94.8	1171	16.9	19	#d7300b
tcp_transmit_skb (2 samples, 4.35%)	196.5	611	33.9	19	#d7300b	199.52	623.5	tc..
tcp_v4_do_rcv (1 samples, 2.17%)	196.5	251	17.0	19	#d9370d
tcp_v4_do_rcv (1 samples, 2.17%)	94.8	811	16.9	19	#d9370d
tcp_v4_md5_lookup (1 samples, 2.17%)	128.7	1171	17.0	19	#df5514
tcp_v4_rcv (1 samples, 2.17%)	196.5	271	17.0	19	#f3b22a
tcp_v4_rcv (1 samples, 2.17%)	94.8	831	16.9	19	#f3b22a
tcp_v4_send_check (1 samples, 2.17%)	213.5	591	16.9	19	#dd4d12
tcp_write_xmit (1 samples, 2.17%)	94.8	1191	16.9	19	#ee9824
tcp_write_xmit (2 samples, 4.35%)	196.5	631	33.9	19	#ee9824	199.52	643.5	tc..
thread_entry (32 samples, 69.57%)	145.7	1311	542.6	19	#ec9222	148.65	1323.5	thread_entry
try_to_wake_up (1 samples, 2.17%)	196.5	51	17.0	19	#e26418
vfs_write (2 samples, 4.35%)	196.5	751	33.9	19	#cf0902	199.52	763.5	vf..
vfs_write (7 samples, 15.22%)	27.0	1311	118.7	19	#cf0902	29.96	1323.5	vfs_write
x86_64_start_kernel (1 samples, 2.17%)	773.0	1391	17.0	19	#d52408
x86_64_start_reservations (1 samples, 2.17%)	773.0	1371	17.0	19	#f6bd2d
x86_pmu_commit_txn (4 samples, 8.70%)	264.3	811	67.9	19	#e87c1d	267.35	823.5	x86_pmu..
x86_pmu_commit_txn (4 samples, 8.70%)	27.0	1111	67.8	19	#e87c1d	29.96	1123.5	x86_pmu..
x86_pmu_commit_txn (4 samples, 8.70%)	535.7	671	67.8	19	#e87c1d	538.65	683.5	x86_pmu..
x86_pmu_commit_txn (4 samples, 8.70%)	688.3	1071	67.8	19	#e87c1d	691.26	1083.5	x86_pmu..
x86_pmu_enable (4 samples, 8.70%)	264.3	771	67.9	19	#fad132	267.35	783.5	x86_pmu..
x86_pmu_enable (4 samples, 8.70%)	27.0	1071	67.8	19	#fad132	29.96	1083.5	x86_pmu..
x86_pmu_enable (4 samples, 8.70%)	535.7	631	67.8	19	#fad132	538.65	643.5	x86_pmu..
x86_pmu_enable (4 samples, 8.70%)	688.3	1031	67.8	19	#fad132	691.26	1043.5	x86_pmu..
