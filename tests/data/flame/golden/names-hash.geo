#background	#eeeeee	#eeeeb0
#svg	1200	118
#text	details	10	101	 
#text	ignorecase	1174	24	ic
#text	matched	1090	101	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
`x (3 samples, 2.65%)	10.0	53	31.3	15	#ff7137	13.00	63.5	`x
a`b`c (5 samples, 4.42%)	563.5	37	52.2	15	#e7731d	566.45	47.5	a`b`c
all (113 samples, 100%)	10.0	69	1180.0	15	#ffe637
b (50 samples, 44.25%)	41.3	53	522.2	15	#e87f1e	44.33	63.5	b
libc.so`malloc (5 samples, 4.42%)	563.5	53	52.2	15	#f07027	566.45	63.5	libc...
x (50 samples, 44.25%)	667.9	37	522.1	15	#ffe637	670.88	47.5	x
z (1 samples, 0.88%)	615.7	53	10.4	15	#f9cc30
é`ü (3 samples, 2.65%)	10.0	37	31.3	15	#f6cc2d	13.00	47.5	é`ü
Ωmega (4 samples, 3.54%)	626.1	53	41.8	15	#ea6b20	629.11	63.5	Ωmega
Ωmega_日本語_テスト_長い名前です (50 samples, 44.25%)	667.9	53	522.1	15	#e76b1c	670.88	63.5	Ωmega_日本語_テスト_長い名前です
日本語 (4 samples, 3.54%)	626.1	37	41.8	15	#edb223	629.11	47.5	日本語
