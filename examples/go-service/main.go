// A small HTTP service: GET /healthz and GET /hello?name=x. `service -check` prints one
// greeting and exits, for smoke tests without a network.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func greeting(name string) map[string]string {
	if name == "" {
		name = "world"
	}
	return map[string]string{"message": fmt.Sprintf("hello, %s", name)}
}

func main() {
	check := flag.Bool("check", false, "print a greeting and exit")
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	if *check {
		if err := json.NewEncoder(os.Stdout).Encode(greeting("check")); err != nil {
			os.Exit(1)
		}
		return
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(greeting(r.URL.Query().Get("name")))
	})
	log.Printf("listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, nil))
}
