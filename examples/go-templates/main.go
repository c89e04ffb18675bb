// A web server that renders HTML templates it reads from templates/ at start, with its title
// from config.json: both sit beside the program at run time. `greeter -check` starts the
// server on a loopback port, fetches its page once, prints it and exits (a smoke test that
// needs no network).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"os"
)

type config struct {
	Title string `json:"title"`
}

func load() (*template.Template, config, error) {
	var cfg config
	pages, err := template.ParseGlob("templates/*.html")
	if err != nil {
		return nil, cfg, err
	}
	raw, err := os.ReadFile("config.json")
	if err == nil {
		err = json.Unmarshal(raw, &cfg)
	}
	return pages, cfg, err
}

func handler(pages *template.Template, cfg config) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "world"
		}
		data := map[string]string{"Title": cfg.Title, "Name": name}
		if err := pages.ExecuteTemplate(w, "index.html", data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
}

func check(h http.Handler) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, h)
	resp, err := http.Get(fmt.Sprintf("http://%s/?name=check", ln.Addr()))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	_, err = io.Copy(os.Stdout, resp.Body)
	return err
}

func main() {
	smoke := flag.Bool("check", false, "serve one page on a loopback port, print it and exit")
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	pages, cfg, err := load()
	if err != nil {
		log.Fatalf("loading templates and config: %v", err)
	}
	if *smoke {
		if err := check(handler(pages, cfg)); err != nil {
			log.Fatal(err)
		}
		return
	}
	log.Printf("listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, handler(pages, cfg)))
}
