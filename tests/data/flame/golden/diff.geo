#background	#eeeeee	#eeeeb0
#svg	1200	150
#text	details	10	133	 
#text	ignorecase	1174	24	ic
#text	matched	1090	133	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
a (93 samples, 86.92%; 0.00%)	10.0	85	1025.6	15	#ffffff	13.00	95.5	a
all (107 samples, 100%)	10.0	101	1180.0	15	#ffffff
b (86 samples, 80.37%; -1.87%)	10.0	69	948.4	15	#ccccff	13.00	79.5	b
c (80 samples, 74.77%; +9.35%)	21.0	53	882.3	15	#ffb7b7	24.03	63.5	c
d (5 samples, 4.67%; -23.36%)	903.3	53	55.1	15	#8e8eff	906.27	63.5	d
e (7 samples, 6.54%; 0.00%)	958.4	69	77.2	15	#ffffff	961.41	79.5	e
gone (2 samples, 1.87%; -72.90%)	1035.6	69	22.1	15	#0000ff	1038.61	79.5	g..
grow (60 samples, 56.07%; +55.14%)	241.6	37	661.7	15	#ff3333	244.59	47.5	grow
shrink (2 samples, 1.87%; 0.00%)	1035.6	85	22.1	15	#ffffff	1038.61	95.5	s..
x (12 samples, 11.21%; 0.00%)	1057.7	85	132.3	15	#ffffff	1060.66	95.5	x
y (12 samples, 11.21%; +11.21%)	1057.7	69	132.3	15	#ffb1b1	1060.66	79.5	y
