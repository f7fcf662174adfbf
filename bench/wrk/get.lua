-- wrk script: GET with the sandbox token (make bench-http).
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "sandbox")
