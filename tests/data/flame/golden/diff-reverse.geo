#background	#eeeeee	#eeeeb0
#svg	1200	150
#text	details	10	133	 
#text	ignorecase	1174	24	ic
#text	matched	1090	133	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
a (1 samples, 0.93%; -1.87%)	10.0	69	11.0	15	#ccccff
a (20 samples, 18.69%; +9.35%)	21.0	53	220.6	15	#ffb7b7	24.03	63.5	a
a (5 samples, 4.67%; -23.36%)	241.6	53	55.1	15	#8e8eff	244.59	63.5	a
a (60 samples, 56.07%; +55.14%)	396.0	37	661.7	15	#ff3333	398.98	47.5	a
a (7 samples, 6.54%; 0.00%)	296.7	69	77.2	15	#ffffff	299.73	79.5	a
all (107 samples, 100%)	10.0	101	1180.0	15	#ffffff
b (1 samples, 0.93%; 0.00%)	10.0	85	11.0	15	#ffffff
b (20 samples, 18.69%; 0.00%)	21.0	69	220.6	15	#ffffff	24.03	79.5	b
b (5 samples, 4.67%; 0.00%)	241.6	69	55.1	15	#ffffff	244.59	79.5	b
b (60 samples, 56.07%; 0.00%)	396.0	53	661.7	15	#ffffff	398.98	63.5	b
c (20 samples, 18.69%; 0.00%)	21.0	85	220.6	15	#ffffff	24.03	95.5	c
c (60 samples, 56.07%; 0.00%)	396.0	69	661.7	15	#ffffff	398.98	79.5	c
d (5 samples, 4.67%; 0.00%)	241.6	85	55.1	15	#ffffff	244.59	95.5	d
e (7 samples, 6.54%; 0.00%)	296.7	85	77.2	15	#ffffff	299.73	95.5	e
gone (2 samples, 1.87%; 0.00%)	373.9	85	22.1	15	#ffffff	376.93	95.5	g..
grow (60 samples, 56.07%; 0.00%)	396.0	85	661.7	15	#ffffff	398.98	95.5	grow
shrink (2 samples, 1.87%; -72.90%)	373.9	69	22.1	15	#0000ff	376.93	79.5	s..
x (12 samples, 11.21%; +11.21%)	1057.7	69	132.3	15	#ffb1b1	1060.66	79.5	x
y (12 samples, 11.21%; 0.00%)	1057.7	85	132.3	15	#ffffff	1060.66	95.5	y
