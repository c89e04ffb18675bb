from alpine as Build
Run echo mixed
cOpY --FROM=build /a /b
env a=b
LaBeL x=y
onbuild run echo lower
HealthCheck none
