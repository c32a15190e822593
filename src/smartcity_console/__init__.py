"""Operations console for the smart-city command center of Kabupaten Rembang."""

__version__ = "0.1.0"
