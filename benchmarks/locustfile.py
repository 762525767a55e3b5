"""Readers and editors for benchmarks/loadtest.py (run by it; host and token from there).

Readers page through the timeline API and the HTML timeline, search and open events;
editors create events through the API (each with two countries and a source, so a
half-written one would show)."""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

COUNTRIES = [("US", "IN"), ("US", "CN"), ("US", "CA"), ("GB", "IN")]


class Reader(HttpUser):
    weight = 9
    wait_time = between(0.05, 0.3)

    @task(4)
    def api_page(self) -> None:
        first, second = random.choice(COUNTRIES)
        self.client.get(
            f"/api/v1/events/?country={first}&country={second}", name="/api/v1/events/?country"
        )

    @task(3)
    def api_first_page(self) -> None:
        response = self.client.get("/api/v1/events/", name="/api/v1/events/")
        if response.ok and response.json()["next"]:
            self.client.get(response.json()["next"], name="/api/v1/events/?cursor")

    @task(2)
    def timeline(self) -> None:
        self.client.get("/", name="/")

    @task(1)
    def search(self) -> None:
        word = random.choice(["steel", "visas", "tariffs", '"maritime security"'])
        self.client.get(f"/api/v1/events/?q={word}", name="/api/v1/events/?q")

    @task(1)
    def event_page(self) -> None:
        response = self.client.get("/api/v1/events/?page_size=5", name="/api/v1/events/")
        if response.ok and response.json()["results"]:
            event = random.choice(response.json()["results"])
            self.client.get(f"/events/{event['id']}/", name="/events/[id]/")


class Editor(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {os.environ['LOAD_TOKEN']}"

    @task
    def create_event(self) -> None:
        first, second = random.choice(COUNTRIES)
        self.client.post(
            "/api/v1/events/",
            json={
                "title": f"Load test call {random.randint(1, 10**9)}",
                "kind": "call",
                "start": "2026-11",
                "countries": [first, second],
                "sources": [{"url": "https://example.org/load", "outlet": "Load"}],
            },
            name="POST /api/v1/events/",
        )
