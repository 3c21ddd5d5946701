#background	#eeeeee	#e0e0ff
#svg	1200	182
#text	details	10	165	 
#text	ignorecase	1174	24	ic
#text	matched	1090	165	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
- (5 samples, 2.24%)	195.2	101	26.5	15	#c8c8c8	198.20	111.5	-
-- (100 samples, 44.84%)	221.7	69	529.1	15	#a0a0a0	224.66	79.5	--
-- (20 samples, 8.97%)	1015.4	69	105.8	15	#a0a0a0	1018.38	79.5	--
-- (30 samples, 13.45%)	10.0	37	158.7	15	#a0a0a0	13.00	47.5	--
-- (4 samples, 1.79%)	1168.8	85	21.2	15	#a0a0a0
-- (5 samples, 2.24%)	168.7	101	26.5	15	#a0a0a0	171.74	111.5	--
-- (5 samples, 2.24%)	195.2	69	26.5	15	#a0a0a0	198.20	79.5	--
-- (50 samples, 22.42%)	750.8	85	264.6	15	#a0a0a0	753.81	95.5	--
-- (9 samples, 4.04%)	1121.2	53	47.6	15	#a0a0a0	1124.21	63.5	--
Builtin:X (20 samples, 8.97%)	1015.4	85	105.8	15	#6666e0	1018.38	95.5	Builtin:X
LazyCompile:*foo /a/b.js:1 (20 samples, 8.97%)	1015.4	101	105.8	15	#7c7cf1	1018.38	111.5	LazyCompile:..
Ljava/lang/Thread.run (30 samples, 13.45%)	10.0	101	158.7	15	#7878ee	13.00	111.5	Ljava/lang/Thread.run
Perl_pp_entersub (9 samples, 4.04%)	1121.2	101	47.6	15	#8989fc	1124.21	111.5	Perl..
a (4 samples, 1.79%)	1168.8	101	21.2	15	#7676ec
all (223 samples, 100%)	10.0	133	1180.0	15	#5a5ad5
b (4 samples, 1.79%)	1168.8	69	21.2	15	#37a9a9
bar (30 samples, 13.45%)	10.0	69	158.7	15	#7676ec	13.00	79.5	bar
baz (100 samples, 44.84%)	221.7	85	529.1	15	#5c5cd7	224.66	95.5	baz
c (4 samples, 1.79%)	1168.8	53	21.2	15	#6bd9d9
f&lt;o&gt;o&amp;&quot;bar&quot; (100 samples, 44.84%)	221.7	101	529.1	15	#8787fb	224.66	111.5	f&lt;o&gt;o&amp;"bar"
foo (30 samples, 13.45%)	10.0	85	158.7	15	#7272e9	13.00	95.5	foo
féèê_looooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooong_name (50 samples, 22.42%)	750.8	101	264.6	15	#7575ec	753.81	111.5	féèê_looooooooooooooooooooooooooooo..
java (30 samples, 13.45%)	10.0	117	158.7	15	#5959d5	13.00	127.5	java
k (30 samples, 13.45%)	10.0	53	158.7	15	#6c6ce4	13.00	63.5	k
main (160 samples, 71.75%)	168.7	117	846.7	15	#7e7ef3	171.74	127.5	main
main::foo (9 samples, 4.04%)	1121.2	85	47.6	15	#8787fb	1124.21	95.5	main..
node (20 samples, 8.97%)	1015.4	117	105.8	15	#7676ed	1018.38	127.5	node
perl (9 samples, 4.04%)	1121.2	117	47.6	15	#8a8afd	1124.21	127.5	perl
w (4 samples, 1.79%)	1168.8	117	21.2	15	#7f7ff4
x (5 samples, 2.24%)	168.7	85	26.5	15	#40b2b2	171.74	95.5	x
x.pl (9 samples, 4.04%)	1121.2	69	47.6	15	#6262dc	1124.21	79.5	x.pl
y (5 samples, 2.24%)	195.2	85	26.5	15	#7070e7	198.20	95.5	y
