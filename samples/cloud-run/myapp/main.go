// Service Cloud Run en Go : répond en JSON avec le nom du service et sa révision.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"time"
)

// Response est le corps JSON renvoyé par le service.
type Response struct {
	Message string `json:"message"`
	Service string `json:"service"`
	Version string `json:"version"`
}

// handler lit K_SERVICE et K_REVISION, que Cloud Run fournit à chaque instance.
func handler(w http.ResponseWriter, r *http.Request) {
	response := Response{
		Message: "Hello from Cloud Run!",
		Service: os.Getenv("K_SERVICE"),
		Version: os.Getenv("K_REVISION"),
	}

	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(response); err != nil {
		log.Printf("Réponse interrompue : %v", err)
	}
}

// newMux déclare les routes : GET / seulement, le reste répond 404 ou 405.
func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", handler)
	return mux
}

// listenAddr lit le port dans PORT, que Cloud Run fixe (8080 par défaut).
func listenAddr() string {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	return ":" + port
}

func main() {
	server := &http.Server{
		Addr:              listenAddr(),
		Handler:           newMux(),
		ReadHeaderTimeout: 10 * time.Second,
	}

	log.Printf("Starting server on %s", server.Addr)
	log.Fatal(server.ListenAndServe())
}
