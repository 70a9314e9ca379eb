"""The bundled sample centre (scenario, history and the generator that makes them)."""
