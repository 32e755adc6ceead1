+1t=t
