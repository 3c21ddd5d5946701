#background	#f8f8f8	#e8e8e8
#svg	1200	166
#text	details	10	149	 
#text	ignorecase	1174	24	ic
#text	matched	1090	149	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
- (5 samples, 2.24%)	195.2	85	26.5	15	#c8c8c8	198.20	95.5	-
-- (4 samples, 1.79%)	1168.8	69	21.2	15	#a0a0a0
-- (5 samples, 2.24%)	168.7	85	26.5	15	#a0a0a0	171.74	95.5	--
Builtin:X (20 samples, 8.97%)	1015.4	69	105.8	15	#48dc48	1018.38	79.5	Builtin:X
LazyCompile:*foo /a/b.js:1 (20 samples, 8.97%)	1015.4	85	105.8	15	#5ef05e	1018.38	95.5	LazyCompile:..
Ljava/lang/Thread.run (30 samples, 13.45%)	10.0	85	158.7	15	#5aed5a	13.00	95.5	Ljava/lang/Thread.run
Perl_pp_entersub (9 samples, 4.04%)	1121.2	85	47.6	15	#6bfc6b	1124.21	95.5	Perl..
a (4 samples, 1.79%)	1168.8	85	21.2	15	#58eb58
all (223 samples, 100%)	10.0	117	1180.0	15	#3cd13c
b (4 samples, 1.79%)	1168.8	53	21.2	15	#50e450
bar (30 samples, 13.45%)	10.0	53	158.7	15	#58eb58	13.00	63.5	bar
baz (100 samples, 44.84%)	221.7	69	529.1	15	#3ed33e	224.66	79.5	baz
c (4 samples, 1.79%)	1168.8	37	21.2	15	#48dc48
f&lt;o&gt;o&amp;&quot;bar&quot; (100 samples, 44.84%)	221.7	85	529.1	15	#69fb69	224.66	95.5	f&lt;o&gt;o&amp;"bar"
foo (30 samples, 13.45%)	10.0	69	158.7	15	#54e754	13.00	79.5	foo
féèê_looooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooong_name (50 samples, 22.42%)	750.8	85	264.6	15	#57ea57	753.81	95.5	féèê_looooooooooooooooooooooooooooo..
java (30 samples, 13.45%)	10.0	101	158.7	15	#3bd13b	13.00	111.5	java
k (30 samples, 13.45%)	10.0	37	158.7	15	#4ee24e	13.00	47.5	k
main (160 samples, 71.75%)	168.7	101	846.7	15	#60f260	171.74	111.5	main
main::foo (9 samples, 4.04%)	1121.2	69	47.6	15	#69fb69	1124.21	79.5	main..
node (20 samples, 8.97%)	1015.4	101	105.8	15	#58eb58	1018.38	111.5	node
perl (9 samples, 4.04%)	1121.2	101	47.6	15	#6cfd6c	1124.21	111.5	perl
w (4 samples, 1.79%)	1168.8	101	21.2	15	#61f361
x (5 samples, 2.24%)	168.7	69	26.5	15	#5aec5a	171.74	79.5	x
x.pl (9 samples, 4.04%)	1121.2	53	47.6	15	#44d844	1124.21	63.5	x.pl
y (5 samples, 2.24%)	195.2	69	26.5	15	#52e552	198.20	79.5	y
