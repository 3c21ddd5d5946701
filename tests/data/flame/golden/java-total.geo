#background	#eeeeee	#eeeeb0
#svg	1200	1206
#text	details	10	1189	 
#text	ignorecase	1174	24	ic
#text	matched	1090	1189	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
Interpreter (80 bytes, 6.40%)	28.9	965	75.5	15	#cd0200	31.88	975.5	Interpre..
Interpreter (80 bytes, 6.40%)	28.9	981	75.5	15	#cd0200	31.88	991.5	Interpre..
JavaCalls::call_helper (80 bytes, 6.40%)	28.9	1013	75.5	15	#d52709	31.88	1023.5	JavaCall..
JavaCalls::call_virtual (80 bytes, 6.40%)	28.9	1029	75.5	15	#f1a728	31.88	1039.5	JavaCall..
JavaCalls::call_virtual (80 bytes, 6.40%)	28.9	1045	75.5	15	#f1a728	31.88	1055.5	JavaCall..
JavaThread::run (80 bytes, 6.40%)	28.9	1093	75.5	15	#f1a928	31.88	1103.5	JavaThre..
JavaThread::thread_main_inner (80 bytes, 6.40%)	28.9	1077	75.5	15	#e26417	31.88	1087.5	JavaThre..
[[vdso]] (2 bytes, 0.16%)	10.0	1109	2.4	15	#e05a15
[libpthread-2.19.so] (5 bytes, 0.40%)	36.0	661	4.7	15	#cf0902
[perf] (12 bytes, 0.96%)	104.4	1077	11.8	15	#fddf35
[perf] (12 bytes, 0.96%)	104.4	1093	11.8	15	#fddf35
[perf] (12 bytes, 0.96%)	104.4	1109	11.8	15	#fddf35
[unknown] (20 bytes, 1.60%)	10.0	1125	18.9	15	#d21805
__GI___ioctl (10 bytes, 0.80%)	104.4	1061	9.4	15	#e8801e
__alloc_skb (2 bytes, 0.16%)	24.2	965	2.3	15	#e9821f
__do_softirq (2 bytes, 0.16%)	21.8	821	2.4	15	#fddd34
__do_softirq (2 bytes, 0.16%)	36.0	373	2.3	15	#fddd34
__epoll_wait_nocancel (2 bytes, 0.16%)	10.0	1093	2.4	15	#fdde35
__kfree_skb (2 bytes, 0.16%)	21.8	597	2.4	15	#dc4610
__kmalloc_reserve.isra.26 (2 bytes, 0.16%)	24.2	949	2.3	15	#db420f
__libc_enable_asynccancel (2 bytes, 0.16%)	102.0	853	2.4	15	#db4310
__libc_start_main (12 bytes, 0.96%)	104.4	1125	11.8	15	#ec8e22
__netif_receive_skb (2 bytes, 0.16%)	21.8	773	2.4	15	#e05a15
__netif_receive_skb (2 bytes, 0.16%)	36.0	325	2.3	15	#e05a15
__netif_receive_skb_core (2 bytes, 0.16%)	21.8	757	2.4	15	#d7300b
__netif_receive_skb_core (2 bytes, 0.16%)	36.0	309	2.3	15	#d7300b
__perf_event_enable (10 bytes, 0.80%)	104.4	901	9.4	15	#f4b32a
__perf_event_enable (10 bytes, 0.80%)	12.4	933	9.4	15	#f4b32a
__perf_event_enable (10 bytes, 0.80%)	45.4	693	9.4	15	#f4b32a
__perf_event_enable (10 bytes, 0.80%)	83.2	581	9.4	15	#f4b32a
__schedule (2 bytes, 0.16%)	10.0	981	2.4	15	#ea851f
__tcp_push_pending_frames (2 bytes, 0.16%)	21.8	981	2.4	15	#ec9323
__tcp_push_pending_frames (5 bytes, 0.40%)	36.0	533	4.7	15	#ec9323
__tcp_v4_send_check (2 bytes, 0.16%)	38.3	469	2.4	15	#f4b62b
__wake_up_common (2 bytes, 0.16%)	36.0	133	2.3	15	#fee336
__wake_up_common (2 bytes, 0.16%)	36.0	85	2.3	15	#fee336
__wake_up_locked (2 bytes, 0.16%)	36.0	101	2.3	15	#fddd34
__wake_up_sync_key (2 bytes, 0.16%)	36.0	149	2.3	15	#e9821f
__write_nocancel (18 bytes, 1.44%)	12.4	1109	16.5	15	#f3af2a
_raw_spin_unlock_irqrestore (2 bytes, 0.16%)	36.0	37	2.3	15	#ea8820
ab (20 bytes, 1.60%)	10.0	1141	18.9	15	#fde035
all (1,250 bytes, 100%)	10.0	1157	1180.0	15	#d52709
call_function_single_interrupt (10 bytes, 0.80%)	12.4	997	9.4	15	#cf0d03
call_function_single_interrupt (10 bytes, 0.80%)	45.4	757	9.4	15	#cf0d03
call_function_single_interrupt (10 bytes, 0.80%)	83.2	645	9.4	15	#cf0d03
call_stub (80 bytes, 6.40%)	28.9	997	75.5	15	#dc4510	31.88	1007.5	call_stub
cpu_function_call (10 bytes, 0.80%)	104.4	949	9.4	15	#f2ab28
cpu_startup_entry (2 bytes, 0.16%)	116.2	1061	2.4	15	#d11404
default_wake_function (2 bytes, 0.16%)	36.0	69	2.3	15	#f6c02d
do_softirq (2 bytes, 0.16%)	21.8	853	2.4	15	#e6741b
do_softirq (2 bytes, 0.16%)	36.0	405	2.3	15	#e6741b
do_softirq_own_stack (2 bytes, 0.16%)	21.8	837	2.4	15	#cf0902
do_softirq_own_stack (2 bytes, 0.16%)	36.0	389	2.3	15	#cf0902
do_sync_write (18 bytes, 1.44%)	12.4	1045	16.5	15	#db4310
do_sync_write (5 bytes, 0.40%)	36.0	597	4.7	15	#db4310
do_vfs_ioctl (10 bytes, 0.80%)	104.4	1013	9.4	15	#e9831f
ep_poll (2 bytes, 0.16%)	10.0	1045	2.4	15	#f4b52b
ep_poll_callback (2 bytes, 0.16%)	36.0	117	2.3	15	#e46e1a
generic_smp_call_function_single_interrupt (10 bytes, 0.80%)	12.4	965	9.4	15	#e05b15
generic_smp_call_function_single_interrupt (10 bytes, 0.80%)	45.4	725	9.4	15	#e05b15
generic_smp_call_function_single_interrupt (10 bytes, 0.80%)	83.2	613	9.4	15	#e05b15
group_sched_in (10 bytes, 0.80%)	104.4	885	9.4	15	#fcdc34
group_sched_in (10 bytes, 0.80%)	12.4	917	9.4	15	#fcdc34
group_sched_in (10 bytes, 0.80%)	45.4	677	9.4	15	#fcdc34
group_sched_in (10 bytes, 0.80%)	83.2	565	9.4	15	#fcdc34
inet_sendmsg (18 bytes, 1.44%)	12.4	1013	16.5	15	#fbd533
inet_sendmsg (5 bytes, 0.40%)	36.0	565	4.7	15	#fbd533
intel_pmu_enable_all (10 bytes, 0.80%)	104.4	821	9.4	15	#d42208
intel_pmu_enable_all (10 bytes, 0.80%)	12.4	853	9.4	15	#d42208
intel_pmu_enable_all (10 bytes, 0.80%)	45.4	613	9.4	15	#d42208
intel_pmu_enable_all (10 bytes, 0.80%)	83.2	501	9.4	15	#d42208
io/netty/buffer/AbstractByteBuf:.writeBytes (5 bytes, 0.40%)	28.9	885	4.7	15	#df5514
io/netty/buffer/PooledUnsafeDirectByteBuf:.getBytes (8 bytes, 0.64%)	33.6	709	7.1	15	#ce0401
io/netty/channel/ChannelDuplexHandler:.flush (8 bytes, 0.64%)	33.6	805	7.1	15	#ed9523
io/netty/channel/ChannelOutboundHandlerAdapter:.flush (8 bytes, 0.64%)	33.6	773	7.1	15	#f9cb30
io/netty/channel/DefaultChannelHandlerContext:.fireChannelRead (60 bytes, 4.80%)	40.7	853	56.6	15	#d00f03	43.68	863.5	io/ne..
io/netty/channel/DefaultChannelHandlerContext:.fireChannelRead (65 bytes, 5.20%)	40.7	885	61.3	15	#d00f03	43.68	895.5	io/net..
io/netty/channel/DefaultChannelHandlerContext:.fireChannelReadComplete (8 bytes, 0.64%)	33.6	853	7.1	15	#e46d1a
io/netty/channel/DefaultChannelHandlerContext:.fireChannelReadComplete (8 bytes, 0.64%)	33.6	885	7.1	15	#e46d1a
io/netty/channel/DefaultChannelHandlerContext:.flush (8 bytes, 0.64%)	33.6	757	7.1	15	#d62b0a
io/netty/channel/DefaultChannelHandlerContext:.flush (8 bytes, 0.64%)	33.6	789	7.1	15	#d62b0a
io/netty/channel/DefaultChannelHandlerContext:.flush (8 bytes, 0.64%)	33.6	821	7.1	15	#d62b0a
io/netty/channel/DefaultChannelPipeline$HeadHandler:.flush (8 bytes, 0.64%)	33.6	741	7.1	15	#da3e0e
io/netty/channel/nio/AbstractNioByteChannel$NioByteUnsafe:.read (78 bytes, 6.24%)	28.9	901	73.1	15	#ea8520	31.88	911.5	io/netty..
io/netty/channel/nio/AbstractNioByteChannel:.doWrite (8 bytes, 0.64%)	33.6	725	7.1	15	#ec8f22
io/netty/channel/nio/NioEventLoop:.processSelectedKey (78 bytes, 6.24%)	28.9	917	73.1	15	#da3f0f	31.88	927.5	io/netty..
io/netty/channel/nio/NioEventLoop:.processSelectedKeysOptimized (78 bytes, 6.24%)	28.9	933	73.1	15	#f5ba2c	31.88	943.5	io/netty..
io/netty/channel/nio/NioEventLoop:.run (80 bytes, 6.40%)	28.9	949	75.5	15	#d72f0b	31.88	959.5	io/netty..
io/netty/channel/nio/NioEventLoop:.select (2 bytes, 0.16%)	102.0	933	2.4	15	#e9841f
io/netty/handler/codec/ByteToMessageDecoder:.channelRead (65 bytes, 5.20%)	40.7	869	61.3	15	#da3e0f	43.68	879.5	io/net..
io/netty/handler/codec/ByteToMessageDecoder:.channelReadComplete (8 bytes, 0.64%)	33.6	869	7.1	15	#ef9d25
io/netty/handler/codec/http/DefaultHttpHeaders:.add0 (2 bytes, 0.16%)	73.7	661	2.4	15	#f9ce31
io/netty/handler/codec/http/HttpMethod:.valueOf (2 bytes, 0.16%)	97.3	837	2.4	15	#e87d1e
io/netty/handler/codec/http/HttpObjectDecoder:.decode (5 bytes, 0.40%)	97.3	853	4.7	15	#e05915
io/netty/handler/codec/http/HttpObjectDecoder:.findWhitespace (2 bytes, 0.16%)	99.7	837	2.3	15	#eb8a21
ip_finish_output (2 bytes, 0.16%)	21.8	885	2.4	15	#f9cb30
ip_finish_output (2 bytes, 0.16%)	36.0	437	2.3	15	#f9cb30
ip_local_deliver (2 bytes, 0.16%)	21.8	709	2.4	15	#ec9222
ip_local_deliver (2 bytes, 0.16%)	36.0	261	2.3	15	#ec9222
ip_local_deliver_finish (2 bytes, 0.16%)	21.8	693	2.4	15	#e87d1e
ip_local_deliver_finish (2 bytes, 0.16%)	36.0	245	2.3	15	#e87d1e
ip_local_out (2 bytes, 0.16%)	21.8	917	2.4	15	#f0a126
ip_local_out (2 bytes, 0.16%)	36.0	469	2.3	15	#f0a126
ip_output (2 bytes, 0.16%)	21.8	901	2.4	15	#fddf35
ip_output (2 bytes, 0.16%)	36.0	453	2.3	15	#fddf35
ip_queue_xmit (2 bytes, 0.16%)	21.8	933	2.4	15	#ed9523
ip_queue_xmit (2 bytes, 0.16%)	36.0	485	2.3	15	#ed9523
ip_rcv (2 bytes, 0.16%)	21.8	741	2.4	15	#d8340c
ip_rcv (2 bytes, 0.16%)	36.0	293	2.3	15	#d8340c
ip_rcv_finish (2 bytes, 0.16%)	21.8	725	2.4	15	#d31f07
ip_rcv_finish (2 bytes, 0.16%)	36.0	277	2.3	15	#d31f07
java (80 bytes, 6.40%)	28.9	1141	75.5	15	#d52609	31.88	1151.5	java
java/lang/Thread:.blockedOn (2 bytes, 0.16%)	31.2	853	2.4	15	#df5313
java/lang/reflect/Method:.invoke (2 bytes, 0.16%)	64.3	661	2.3	15	#d21a06
java/lang/reflect/Method:.invoke (2 bytes, 0.16%)	73.7	677	2.4	15	#d21a06
java_start (80 bytes, 6.40%)	28.9	1109	75.5	15	#f5b82c	31.88	1119.5	java_start
local_bh_enable (2 bytes, 0.16%)	21.8	869	2.4	15	#ec9022
local_bh_enable (2 bytes, 0.16%)	36.0	421	2.3	15	#ec9022
native_write_msr_safe (10 bytes, 0.80%)	104.4	805	9.4	15	#f9ce31
native_write_msr_safe (10 bytes, 0.80%)	12.4	837	9.4	15	#f9ce31
native_write_msr_safe (10 bytes, 0.80%)	45.4	597	9.4	15	#f9ce31
native_write_msr_safe (10 bytes, 0.80%)	83.2	485	9.4	15	#f9ce31
net_rx_action (2 bytes, 0.16%)	21.8	805	2.4	15	#f7c22e
net_rx_action (2 bytes, 0.16%)	36.0	357	2.3	15	#f7c22e
org/mozilla/javascript/BaseFunction:.construct (2 bytes, 0.16%)	54.8	693	2.4	15	#f3af29
org/mozilla/javascript/BaseFunction:.construct (2 bytes, 0.16%)	54.8	741	2.4	15	#f3af29
org/mozilla/javascript/BaseFunction:.construct (2 bytes, 0.16%)	66.6	693	2.4	15	#f3af29
org/mozilla/javascript/BaseFunction:.construct (2 bytes, 0.16%)	78.4	693	2.4	15	#f3af29
org/mozilla/javascript/BaseFunction:.construct (20 bytes, 1.60%)	78.4	741	18.9	15	#f3af29
org/mozilla/javascript/BaseFunction:.construct (8 bytes, 0.64%)	57.2	741	7.1	15	#f3af29
org/mozilla/javascript/BaseFunction:.construct (8 bytes, 0.64%)	66.6	741	7.1	15	#f3af29
org/mozilla/javascript/IdScriptableObject:.get (2 bytes, 0.16%)	59.6	677	2.3	15	#d93b0e
org/mozilla/javascript/IdScriptableObject:.has (2 bytes, 0.16%)	54.8	597	2.4	15	#f3b22a
org/mozilla/javascript/IdScriptableObject:.has (2 bytes, 0.16%)	69.0	677	2.4	15	#f3b22a
org/mozilla/javascript/IdScriptableObject:.has (2 bytes, 0.16%)	80.8	677	2.4	15	#f3b22a
org/mozilla/javascript/IdScriptableObject:.put (2 bytes, 0.16%)	61.9	677	2.4	15	#ce0601
org/mozilla/javascript/IdScriptableObject:.put (2 bytes, 0.16%)	71.4	677	2.3	15	#ce0601
org/mozilla/javascript/MemberBox:.invoke (2 bytes, 0.16%)	64.3	677	2.3	15	#ee9b25
org/mozilla/javascript/MemberBox:.invoke (2 bytes, 0.16%)	73.7	693	2.4	15	#ee9b25
org/mozilla/javascript/NativeFunction:.initScriptFunction (10 bytes, 0.80%)	83.2	677	9.4	15	#d7320b
org/mozilla/javascript/NativeJavaMethod:.call (2 bytes, 0.16%)	64.3	693	2.3	15	#e9821f
org/mozilla/javascript/NativeJavaMethod:.call (2 bytes, 0.16%)	73.7	709	2.4	15	#e9821f
org/mozilla/javascript/ScriptRuntime:.getPropFunctionAndThis (2 bytes, 0.16%)	57.2	693	2.4	15	#d72f0b
org/mozilla/javascript/ScriptRuntime:.nameOrFunction (2 bytes, 0.16%)	59.6	693	2.3	15	#f7c42f
org/mozilla/javascript/ScriptRuntime:.setObjectProp (2 bytes, 0.16%)	54.8	613	2.4	15	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (2 bytes, 0.16%)	61.9	693	2.4	15	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (2 bytes, 0.16%)	66.6	581	2.4	15	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (2 bytes, 0.16%)	80.8	693	2.4	15	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (2 bytes, 0.16%)	95.0	661	2.3	15	#f3b22a
org/mozilla/javascript/ScriptRuntime:.setObjectProp (5 bytes, 0.40%)	69.0	693	4.7	15	#f3b22a
org/mozilla/javascript/ScriptableObject:.createSlot (2 bytes, 0.16%)	61.9	645	2.4	15	#f5bb2c
org/mozilla/javascript/ScriptableObject:.createSlot (2 bytes, 0.16%)	71.4	645	2.3	15	#f5bb2c
org/mozilla/javascript/ScriptableObject:.getSlot (2 bytes, 0.16%)	59.6	661	2.3	15	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (2 bytes, 0.16%)	61.9	661	2.4	15	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (2 bytes, 0.16%)	66.6	565	2.4	15	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (2 bytes, 0.16%)	71.4	661	2.3	15	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (2 bytes, 0.16%)	80.8	661	2.4	15	#eb8b21
org/mozilla/javascript/ScriptableObject:.getSlot (2 bytes, 0.16%)	95.0	645	2.3	15	#eb8b21
org/mozilla/javascript/TopLevel:.getBuiltinPrototype (10 bytes, 0.80%)	83.2	661	9.4	15	#f9cb30
org/mozilla/javascript/WrapFactory:.wrap (10 bytes, 0.80%)	45.4	773	9.4	15	#ee9a24
org/mozilla/javascript/gen/file__home_bgregg_bench_Server_js_js_2:.call (2 bytes, 0.16%)	73.7	741	2.4	15	#e5701a
org/mozilla/javascript/gen/file__home_bgregg_bench_Server_js_js_4:._c_anonymous_1 (2 bytes, 0.16%)	64.3	725	2.3	15	#d62c0a
org/mozilla/javascript/gen/file__home_bgregg_bench_Server_js_js_4:.call (2 bytes, 0.16%)	64.3	741	2.3	15	#d8350c
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:._c_anonymous_21 (2 bytes, 0.16%)	54.8	661	2.4	15	#f8c72f
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:._c_anonymous_3 (2 bytes, 0.16%)	54.8	709	2.4	15	#d00f03
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (2 bytes, 0.16%)	54.8	677	2.4	15	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (2 bytes, 0.16%)	54.8	725	2.4	15	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (2 bytes, 0.16%)	54.8	757	2.4	15	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_80:.call (2 bytes, 0.16%)	54.8	773	2.4	15	#df5414
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:._c_anonymous_3 (8 bytes, 0.64%)	57.2	709	7.1	15	#fbd733
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (10 bytes, 0.80%)	57.2	757	9.4	15	#d8360d
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (10 bytes, 0.80%)	57.2	773	9.4	15	#d8360d
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (2 bytes, 0.16%)	64.3	709	2.3	15	#d8360d
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_90:.call (8 bytes, 0.64%)	57.2	725	7.1	15	#d8360d
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:._c_anonymous_21 (2 bytes, 0.16%)	66.6	661	2.4	15	#eb8b21
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:._c_anonymous_3 (8 bytes, 0.64%)	66.6	709	7.1	15	#f5ba2c
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (10 bytes, 0.80%)	66.6	757	9.5	15	#d21805
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (10 bytes, 0.80%)	66.6	773	9.5	15	#d21805
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (2 bytes, 0.16%)	66.6	677	2.4	15	#d21805
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (2 bytes, 0.16%)	73.7	725	2.4	15	#d21805
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_91:.call (8 bytes, 0.64%)	66.6	725	7.1	15	#d21805
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.&lt;init&gt; (10 bytes, 0.80%)	83.2	693	9.4	15	#fee236
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:._c_anonymous_21 (2 bytes, 0.16%)	78.4	661	2.4	15	#de5013
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:._c_anonymous_3 (20 bytes, 1.60%)	78.4	709	18.9	15	#e87e1e
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (2 bytes, 0.16%)	78.4	677	2.4	15	#f7c32e
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (20 bytes, 1.60%)	78.4	725	18.9	15	#f7c32e
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (22 bytes, 1.76%)	76.1	757	21.2	15	#f7c32e
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.call (22 bytes, 1.76%)	76.1	773	21.2	15	#f7c32e
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.getParamAndVarCount (2 bytes, 0.16%)	78.4	645	2.4	15	#dc4711
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_http_js_93:.getParamCount (2 bytes, 0.16%)	92.6	693	2.4	15	#d7300b
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_31:.call (2 bytes, 0.16%)	54.8	629	2.4	15	#ee9924
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_47:.call (2 bytes, 0.16%)	95.0	677	2.3	15	#f3af2a
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_49:.call (2 bytes, 0.16%)	66.6	597	2.4	15	#e6741b
org/mozilla/javascript/gen/file__home_bgregg_vert_x_2_1_sys_mods_io_vertx_lang_js_1_1_0_vertx_streams_js_49:.call (2 bytes, 0.16%)	66.6	629	2.4	15	#e6741b
org/mozilla/javascript/optimizer/OptRuntime:.call2 (2 bytes, 0.16%)	54.8	645	2.4	15	#d8320c
org/mozilla/javascript/optimizer/OptRuntime:.call2 (2 bytes, 0.16%)	66.6	613	2.4	15	#d8320c
org/mozilla/javascript/optimizer/OptRuntime:.call2 (2 bytes, 0.16%)	66.6	645	2.4	15	#d8320c
org/mozilla/javascript/optimizer/OptRuntime:.call2 (2 bytes, 0.16%)	95.0	693	2.3	15	#d8320c
org/vertx/java/core/http/impl/DefaultHttpServer$ServerHandler:.doMessageReceived (58 bytes, 4.64%)	43.0	805	54.3	15	#fbd733	46.04	815.5	org/v..
org/vertx/java/core/http/impl/ServerConnection:.handleMessage (58 bytes, 4.64%)	43.0	789	54.3	15	#d7300b	46.04	799.5	org/v..
org/vertx/java/core/http/impl/VertxHttpHandler:.channelRead (58 bytes, 4.64%)	43.0	821	54.3	15	#f0a126	46.04	831.5	org/v..
org/vertx/java/core/net/impl/VertxHandler:.channelRead (58 bytes, 4.64%)	43.0	837	54.3	15	#d01204	46.04	847.5	org/v..
org/vertx/java/core/net/impl/VertxHandler:.channelReadComplete (8 bytes, 0.64%)	33.6	837	7.1	15	#e5711b
page_fault (2 bytes, 0.16%)	113.8	1061	2.4	15	#facf31
perf (12 bytes, 0.96%)	104.4	1141	11.8	15	#f2ab28
perf_event_enable (10 bytes, 0.80%)	104.4	965	9.4	15	#dd4b12
perf_event_for_each_child (10 bytes, 0.80%)	104.4	981	9.4	15	#e6761c
perf_ioctl (10 bytes, 0.80%)	104.4	997	9.4	15	#fddd34
perf_pmu_enable (10 bytes, 0.80%)	104.4	853	9.4	15	#d72e0b
perf_pmu_enable (10 bytes, 0.80%)	12.4	885	9.4	15	#d72e0b
perf_pmu_enable (10 bytes, 0.80%)	45.4	645	9.4	15	#d72e0b
perf_pmu_enable (10 bytes, 0.80%)	83.2	533	9.4	15	#d72e0b
process_backlog (2 bytes, 0.16%)	21.8	789	2.4	15	#e7781c
process_backlog (2 bytes, 0.16%)	36.0	341	2.3	15	#e7781c
pthread_self (2 bytes, 0.16%)	33.6	677	2.4	15	#f1a928
rcu_idle_enter (2 bytes, 0.16%)	116.2	1045	2.4	15	#eb8b21
remote_function (10 bytes, 0.80%)	104.4	917	9.4	15	#e05915
remote_function (10 bytes, 0.80%)	12.4	949	9.4	15	#e05915
remote_function (10 bytes, 0.80%)	45.4	709	9.4	15	#e05915
remote_function (10 bytes, 0.80%)	83.2	597	9.4	15	#e05915
rest_init (2 bytes, 0.16%)	116.2	1077	2.4	15	#d01104
schedule (2 bytes, 0.16%)	10.0	997	2.4	15	#d31d07
schedule_hrtimeout_range (2 bytes, 0.16%)	10.0	1029	2.4	15	#e36919
schedule_hrtimeout_range_clock (2 bytes, 0.16%)	10.0	1013	2.4	15	#e56f1a
sk_stream_alloc_skb (2 bytes, 0.16%)	24.2	981	2.3	15	#ed9423
smp_call_function_single (10 bytes, 0.80%)	104.4	933	9.4	15	#e5711b
smp_call_function_single_interrupt (10 bytes, 0.80%)	12.4	981	9.4	15	#df5614
smp_call_function_single_interrupt (10 bytes, 0.80%)	45.4	741	9.4	15	#df5614
smp_call_function_single_interrupt (10 bytes, 0.80%)	83.2	629	9.4	15	#df5614
sock_aio_write (18 bytes, 1.44%)	12.4	1029	16.5	15	#f4b72b
sock_aio_write (5 bytes, 0.40%)	36.0	581	4.7	15	#f4b72b
sock_def_readable (2 bytes, 0.16%)	36.0	165	2.3	15	#df5414
start_kernel (2 bytes, 0.16%)	116.2	1093	2.4	15	#d21b06
start_thread (80 bytes, 6.40%)	28.9	1125	75.5	15	#d42208	31.88	1135.5	start_th..
sun/nio/ch/EPollArrayWrapper:.epollWait (2 bytes, 0.16%)	102.0	869	2.4	15	#e15f16
sun/nio/ch/EPollArrayWrapper:.poll (2 bytes, 0.16%)	102.0	885	2.4	15	#f4b52b
sun/nio/ch/EPollSelectorImpl:.doSelect (2 bytes, 0.16%)	102.0	901	2.4	15	#df5614
sun/nio/ch/FileDispatcherImpl:.write0 (5 bytes, 0.40%)	36.0	677	4.7	15	#ea8620
sun/nio/ch/SelectorImpl:.lockAndDoSelect (2 bytes, 0.16%)	102.0	917	2.4	15	#e9821f
sun/nio/ch/SocketChannelImpl:.read (5 bytes, 0.40%)	28.9	869	4.7	15	#dc4711
sun/nio/ch/SocketChannelImpl:.write (8 bytes, 0.64%)	33.6	693	7.1	15	#f6c02e
swapper (2 bytes, 0.16%)	116.2	1141	2.4	15	#ef9e25
sys_epoll_wait (2 bytes, 0.16%)	10.0	1061	2.4	15	#d52909
sys_ioctl (10 bytes, 0.80%)	104.4	1029	9.4	15	#cf0902
sys_write (18 bytes, 1.44%)	12.4	1077	16.5	15	#fddf35
sys_write (5 bytes, 0.40%)	36.0	629	4.7	15	#fddf35
system_call_fastpath (10 bytes, 0.80%)	104.4	1045	9.4	15	#d01104
system_call_fastpath (18 bytes, 1.44%)	12.4	1093	16.5	15	#d01104
system_call_fastpath (2 bytes, 0.16%)	10.0	1077	2.4	15	#d01104
system_call_fastpath (5 bytes, 0.40%)	36.0	645	4.7	15	#d01104
tcp_ack (2 bytes, 0.16%)	21.8	629	2.4	15	#ec9122
tcp_clean_rtx_queue (2 bytes, 0.16%)	21.8	613	2.4	15	#e87d1e
tcp_current_mss (2 bytes, 0.16%)	26.5	965	2.4	15	#d11605
tcp_data_queue (2 bytes, 0.16%)	36.0	181	2.3	15	#eb8b21
tcp_rcv_established (2 bytes, 0.16%)	21.8	645	2.4	15	#f8c82f
tcp_rcv_established (2 bytes, 0.16%)	36.0	197	2.3	15	#f8c82f
tcp_send_mss (2 bytes, 0.16%)	26.5	981	2.4	15	#ee9924
tcp_sendmsg (5 bytes, 0.40%)	36.0	549	4.7	15	#e5711b
tcp_sendmsg (8 bytes, 0.64%)	21.8	997	7.1	15	#e5711b
tcp_transmit_skb (2 bytes, 0.16%)	21.8	949	2.4	15	#d7300b
tcp_transmit_skb (5 bytes, 0.40%)	36.0	501	4.7	15	#d7300b
tcp_v4_do_rcv (2 bytes, 0.16%)	21.8	661	2.4	15	#d9370d
tcp_v4_do_rcv (2 bytes, 0.16%)	36.0	213	2.3	15	#d9370d
tcp_v4_md5_lookup (2 bytes, 0.16%)	26.5	949	2.4	15	#df5514
tcp_v4_rcv (2 bytes, 0.16%)	21.8	677	2.4	15	#f3b22a
tcp_v4_rcv (2 bytes, 0.16%)	36.0	229	2.3	15	#f3b22a
tcp_v4_send_check (2 bytes, 0.16%)	38.3	485	2.4	15	#dd4d12
tcp_write_xmit (2 bytes, 0.16%)	21.8	965	2.4	15	#ee9824
tcp_write_xmit (5 bytes, 0.40%)	36.0	517	4.7	15	#ee9824
thread_entry (80 bytes, 6.40%)	28.9	1061	75.5	15	#ec9222	31.88	1071.5	thread_e..
try_to_wake_up (2 bytes, 0.16%)	36.0	53	2.3	15	#e26418
vfs_write (18 bytes, 1.44%)	12.4	1061	16.5	15	#cf0902
vfs_write (5 bytes, 0.40%)	36.0	613	4.7	15	#cf0902
x86_64_start_kernel (2 bytes, 0.16%)	116.2	1125	2.4	15	#d52408
x86_64_start_reservations (2 bytes, 0.16%)	116.2	1109	2.4	15	#f6bd2d
x86_pmu_commit_txn (10 bytes, 0.80%)	104.4	869	9.4	15	#e87c1d
x86_pmu_commit_txn (10 bytes, 0.80%)	12.4	901	9.4	15	#e87c1d
x86_pmu_commit_txn (10 bytes, 0.80%)	45.4	661	9.4	15	#e87c1d
x86_pmu_commit_txn (10 bytes, 0.80%)	83.2	549	9.4	15	#e87c1d
x86_pmu_enable (10 bytes, 0.80%)	104.4	837	9.4	15	#fad132
x86_pmu_enable (10 bytes, 0.80%)	12.4	869	9.4	15	#fad132
x86_pmu_enable (10 bytes, 0.80%)	45.4	629	9.4	15	#fad132
x86_pmu_enable (10 bytes, 0.80%)	83.2	517	9.4	15	#fad132
