"""The implementation review of a reporting cycle (docs/review.md): its content built once
from the accepted reports (`content`), its charts and map (`charts`, `mapdata`), its formats
(`pdf`, `word`) and its publication (`publishing`)."""
