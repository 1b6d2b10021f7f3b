package main

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRootAnswersWithServiceAndRevision(t *testing.T) {
	t.Setenv("K_SERVICE", "myapp")
	t.Setenv("K_REVISION", "myapp-00001-abc")
	recorder := httptest.NewRecorder()

	newMux().ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/", nil))

	if recorder.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", recorder.Code)
	}
	if got := recorder.Header().Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	var body Response
	if err := json.NewDecoder(recorder.Body).Decode(&body); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	want := Response{Message: "Hello from Cloud Run!", Service: "myapp", Version: "myapp-00001-abc"}
	if body != want {
		t.Errorf("body = %+v, want %+v", body, want)
	}
}

func TestRootOutsideCloudRunHasEmptyServiceAndRevision(t *testing.T) {
	t.Setenv("K_SERVICE", "")
	t.Setenv("K_REVISION", "")
	server := httptest.NewServer(newMux())
	defer server.Close()

	response, err := http.Get(server.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()

	var body map[string]string
	if err := json.NewDecoder(response.Body).Decode(&body); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	want := map[string]string{"message": "Hello from Cloud Run!", "service": "", "version": ""}
	if !maps.Equal(body, want) {
		t.Errorf("body = %v, want %v", body, want)
	}
}

func TestUnknownPathIsNotFound(t *testing.T) {
	recorder := httptest.NewRecorder()

	newMux().ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, "/admin", nil))

	if recorder.Code != http.StatusNotFound {
		t.Errorf("status = %d, want 404", recorder.Code)
	}
}

func TestPostIsNotAllowed(t *testing.T) {
	recorder := httptest.NewRecorder()

	newMux().ServeHTTP(recorder, httptest.NewRequest(http.MethodPost, "/", nil))

	if recorder.Code != http.StatusMethodNotAllowed {
		t.Errorf("status = %d, want 405", recorder.Code)
	}
}

func TestListenAddrReadsPort(t *testing.T) {
	t.Setenv("PORT", "9090")

	if got := listenAddr(); got != ":9090" {
		t.Errorf("listenAddr() = %q, want :9090", got)
	}
}

func TestListenAddrDefaultsTo8080(t *testing.T) {
	t.Setenv("PORT", "")

	if got := listenAddr(); got != ":8080" {
		t.Errorf("listenAddr() = %q, want :8080", got)
	}
}
